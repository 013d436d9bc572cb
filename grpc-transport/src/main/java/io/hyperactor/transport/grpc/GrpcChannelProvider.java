package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Telemetry;
import io.hyperactor.internal.channel.ChannelSettings;
import io.hyperactor.internal.channel.TcpServeRules;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code tcp}, {@code tls} and {@code unix} transports: channels over gRPC bidirectional
 * streams; {@code tls} is TCP with mutual TLS ({@code tls_cert}, {@code tls_key}, {@code tls_ca}).
 *
 * <p>Each actor system makes one with its own configuration ({@link GrpcTransportFactory}); the
 * channel keys are read when a channel is served or dialed. Unix sockets need Linux with epoll; elsewhere only {@code tcp} is offered.
 *
 * <p>Every {@link Rx} and {@link Tx} it returns holds the shared transport threads until closed;
 * close them. Thread-safe.
 */
public final class GrpcChannelProvider extends ChannelProvider {
  private final HyperactorConfig config;
  private final LinkSecurity security;
  private final Telemetry telemetry;

  /** Uses {@code config} for the channel keys and the TLS keys. */
  public GrpcChannelProvider(HyperactorConfig config) {
    this(config, Telemetry.disabled());
  }

  /** As the other constructor, with links that count their reconnects in {@code telemetry}. */
  public GrpcChannelProvider(HyperactorConfig config, Telemetry telemetry) {
    this.config = checkNotNull(config, "config");
    this.telemetry = checkNotNull(telemetry, "telemetry");
    this.security = new LinkSecurity(config);
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Set<ChannelTransport> transports() {
    return GrpcResources.unixAvailable()
        ? EnumSet.of(ChannelTransport.TCP, ChannelTransport.TLS, ChannelTransport.UNIX)
        : EnumSet.of(ChannelTransport.TCP, ChannelTransport.TLS);
  }

  @Override
  public <M> Rx<M> serve(ChannelAddr addr, ChannelCodec<M> codec) {
    checkSupported(addr);
    checkNotNull(codec, "codec");
    return new GrpcRx<>(addr, codec, settings(), TcpServeRules.from(config), security);
  }

  @Override
  public <M> Tx<M> dial(
      ChannelAddr addr, ChannelCodec<M> codec, Consumer<? super SendError<M>> returnHandler) {
    checkSupported(addr);
    checkNotNull(codec, "codec");
    checkNotNull(returnHandler, "returnHandler");
    return GrpcTx.dial(addr, codec, returnHandler, settings(), security);
  }

  @Override
  public <I, O> DuplexServer<I, O> serveDuplex(
      ChannelAddr addr, ChannelCodec<I> inCodec, ChannelCodec<O> outCodec) {
    checkSupported(addr);
    checkNotNull(inCodec, "inCodec");
    checkNotNull(outCodec, "outCodec");
    return new GrpcDuplexServer<>(
        addr, inCodec, outCodec, settings(), TcpServeRules.from(config), security);
  }

  @Override
  public <I, O> DuplexLink<I, O> dialDuplex(
      ChannelAddr addr,
      ChannelCodec<O> outCodec,
      ChannelCodec<I> inCodec,
      Consumer<? super SendError<O>> returnHandler) {
    checkSupported(addr);
    checkNotNull(outCodec, "outCodec");
    checkNotNull(inCodec, "inCodec");
    checkNotNull(returnHandler, "returnHandler");
    return new GrpcDuplexClient<>(addr, outCodec, inCodec, returnHandler, settings(), security);
  }

  private ChannelSettings settings() {
    return ChannelSettings.from(config, telemetry);
  }

  private void checkSupported(ChannelAddr addr) {
    checkNotNull(addr, "addr");
    if (addr.transport() == ChannelTransport.UNIX && !GrpcResources.unixAvailable()) {
      throw new ChannelException(
          ChannelException.Kind.UNSUPPORTED,
          "cannot use " + addr + ": " + GrpcResources.unixUnavailableReason());
    }
    if (addr.transport() == ChannelTransport.LOCAL) {
      throw new ChannelException(
          ChannelException.Kind.INVALID_ADDRESS,
          "the gRPC transport cannot serve or dial " + addr + "; expected tcp:, tls: or unix:");
    }
  }
}
