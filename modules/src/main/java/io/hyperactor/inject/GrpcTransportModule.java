package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.inject.AbstractModule;
import io.hyperactor.channel.ChannelTransport;
import org.jspecify.annotations.Nullable;

/**
 * Selects the gRPC bidirectional-streaming transport, over TCP ({@link #tcp()}), TCP with mutual
 * TLS ({@link #tls()}) or Unix sockets ({@link #unix()}), for the host's addresses and, with {@link
 * ProcessProcManagerModule}, for every child proc.
 *
 * <p>With {@link #tls()} the runtime's {@code default_transport} is {@code tls}: the {@code tls_*}
 * keys name the certificate, key and authority, and the privileged agent operations are allowed
 * only to the subjects of {@code tls_allowed_subjects} (docs/security.md).
 */
public final class GrpcTransportModule extends AbstractModule {
  static final String NAME = "GrpcTransportModule";

  private final ChannelTransport transport;

  private GrpcTransportModule(ChannelTransport transport) {
    checkNotNull(transport, "transport");
    checkArgument(
        transport != ChannelTransport.LOCAL,
        "GrpcTransportModule needs tcp, tls or unix, got %s",
        transport);
    this.transport = transport;
  }

  /** gRPC over TCP on the loopback or any interface. */
  public static GrpcTransportModule tcp() {
    return new GrpcTransportModule(ChannelTransport.TCP);
  }

  /** gRPC over TCP with mutual TLS, certificates from the {@code tls_*} keys. */
  public static GrpcTransportModule tls() {
    return new GrpcTransportModule(ChannelTransport.TLS);
  }

  /** gRPC over Unix domain sockets (same machine only). */
  public static GrpcTransportModule unix() {
    return new GrpcTransportModule(ChannelTransport.UNIX);
  }

  /** gRPC over {@code transport}, which must be {@code tcp}, {@code tls} or {@code unix}. */
  public static GrpcTransportModule of(ChannelTransport transport) {
    return new GrpcTransportModule(transport);
  }

  /** The selected transport. */
  public ChannelTransport transport() {
    return transport;
  }

  @Override
  protected void configure() {
    String name = NAME + "." + transport;
    HyperactorBinders.transportChoices(binder())
        .addBinding(name)
        .toInstance(new TransportChoice(name, transport));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GrpcTransportModule other && other.transport == transport;
  }

  @Override
  public int hashCode() {
    return transport.hashCode();
  }
}
