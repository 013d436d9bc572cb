package io.hyperactor.channel.spi;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A pluggable implementation of one or more channel transports, found with {@link
 * java.util.ServiceLoader} (list it in {@code
 * META-INF/services/io.hyperactor.channel.spi.ChannelProvider}).
 *
 * <p>Implementations must have a public no-argument constructor, must not throw from {@link
 * #isAvailable()} or {@link #transports()} (return {@code false} or an empty set instead), and must
 * be thread-safe. Among available providers of a transport, {@link io.hyperactor.channel.Channels}
 * picks the one with the highest {@link #priority()}.
 */
public abstract class ChannelProvider {

  /** Whether this provider can work in this JVM (native libraries present, for example). */
  public abstract boolean isAvailable();

  /** Preference among providers of the same transport, 0 to 10; the default is 5. */
  public int priority() {
    return 5;
  }

  /** The transports this provider serves and dials in this JVM. */
  public abstract Set<ChannelTransport> transports();

  /**
   * Binds {@code addr} and returns the receiving end; its {@link Rx#addr()} is the address actually
   * bound.
   *
   * @throws io.hyperactor.channel.ChannelException when the address cannot be bound
   */
  public abstract <M> Rx<M> serve(ChannelAddr addr, ChannelCodec<M> codec);

  /**
   * Returns a sending end to {@code addr}; network transports connect lazily, so a receiver may
   * appear after the dial.
   *
   * @param returnHandler receives messages given to {@link Tx#post(Object)} that come back
   * @throws io.hyperactor.channel.ChannelException when the address cannot be dialed at all
   */
  public abstract <M> Tx<M> dial(
      ChannelAddr addr, ChannelCodec<M> codec, Consumer<? super SendError<M>> returnHandler);

  /**
   * Binds {@code addr} for duplex links.
   *
   * @throws io.hyperactor.channel.ChannelException of kind {@code UNSUPPORTED} unless the provider
   *     supports duplex links on this transport, or when the address cannot be bound
   */
  public <I, O> DuplexServer<I, O> serveDuplex(
      ChannelAddr addr, ChannelCodec<I> inCodec, ChannelCodec<O> outCodec) {
    throw duplexUnsupported(addr);
  }

  /**
   * Dials a duplex link to {@code addr}; it connects at once, and reconnects after a break.
   *
   * @param returnHandler receives messages given to {@link Tx#post(Object)} that come back
   * @throws io.hyperactor.channel.ChannelException of kind {@code UNSUPPORTED} unless the provider
   *     supports duplex links on this transport
   */
  public <I, O> DuplexLink<I, O> dialDuplex(
      ChannelAddr addr,
      ChannelCodec<O> outCodec,
      ChannelCodec<I> inCodec,
      Consumer<? super SendError<O>> returnHandler) {
    throw duplexUnsupported(addr);
  }

  private static ChannelException duplexUnsupported(ChannelAddr addr) {
    return new ChannelException(
        ChannelException.Kind.UNSUPPORTED,
        "transport '" + addr.transport() + "' does not support duplex links (" + addr + ")");
  }

  @Override
  public String toString() {
    return getClass().getName() + transports();
  }
}
