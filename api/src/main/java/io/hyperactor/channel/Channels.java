package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.spi.ChannelProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point for channels: serve an address to receive, dial one to send.
 *
 * <p>Each actor system has one, with the transports it found on the class path and configured
 * from its own configuration: {@code local} (in-JVM, the system's own {@code local:N} address
 * space) ships with {@code hyperactor-impl}, {@code tcp} and {@code unix} with {@code
 * hyperactor-grpc-transport}. Get it from the system rather than building one.
 *
 * <pre>{@code
 * Channels channels = system.channels();
 * try (Rx<String> rx = channels.serve(ChannelAddr.any(ChannelTransport.UNIX), ChannelCodec.utf8());
 *     Tx<String> tx = channels.dial(rx.addr(), ChannelCodec.utf8())) {
 *   tx.send("hello").join();
 *   String hello = rx.recv();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Channels {
  private static final Logger logger = LoggerFactory.getLogger(Channels.class);

  private final ImmutableList<ChannelProvider> providers;

  private Channels(ImmutableList<ChannelProvider> providers) {
    this.providers = providers;
  }

  /**
   * Channels over {@code providers}; for a transport offered by several, the one with the highest
   * {@link ChannelProvider#priority()} wins, and equal priorities keep the given order. Providers
   * that are not {@linkplain ChannelProvider#isAvailable() available} are left out.
   */
  public static Channels of(List<? extends ChannelProvider> providers) {
    List<ChannelProvider> found = new ArrayList<>();
    for (ChannelProvider provider : providers) {
      if (checkNotNull(provider, "provider").isAvailable()) {
        found.add(provider);
      }
    }
    // Stable sort: equal priorities keep the given order.
    found.sort(Comparator.comparingInt(ChannelProvider::priority).reversed());
    return new Channels(ImmutableList.copyOf(found));
  }

  /** As {@link #of(List)}. */
  public static Channels of(ChannelProvider... providers) {
    return of(Arrays.asList(providers));
  }

  /**
   * Binds {@code addr} and returns its receiving end; {@link Rx#addr()} is the address actually
   * bound ({@code local:0}, TCP port 0 and {@code ChannelAddr.any(..)} pick a fresh one).
   *
   * @throws ChannelException when no transport is installed for the address or it cannot be bound
   */
  public <M> Rx<M> serve(ChannelAddr addr, ChannelCodec<M> codec) {
    checkNotNull(addr, "addr");
    checkNotNull(codec, "codec");
    return providerFor(addr.transport()).serve(addr, codec);
  }

  /**
   * Dials {@code addr}; messages given to {@link Tx#post(Object)} that come back are logged at
   * WARN.
   */
  public <M> Tx<M> dial(ChannelAddr addr, ChannelCodec<M> codec) {
    return dial(
        addr,
        codec,
        error ->
            logger.warn(
                "undeliverable message posted to {} and returned: {}", addr, error.reason()));
  }

  /**
   * Dials {@code addr}; messages given to {@link Tx#post(Object)} that come back go to {@code
   * returnHandler}.
   *
   * @throws ChannelException when no transport is installed for the address or it cannot be dialed
   */
  public <M> Tx<M> dial(
      ChannelAddr addr, ChannelCodec<M> codec, Consumer<? super SendError<M>> returnHandler) {
    checkNotNull(addr, "addr");
    checkNotNull(codec, "codec");
    checkNotNull(returnHandler, "returnHandler");
    return providerFor(addr.transport()).dial(addr, codec, returnHandler);
  }

  /**
   * Binds {@code addr} for duplex links (every transport but {@code local}).
   *
   * @throws ChannelException when no transport is installed for the address, it does not support
   *     duplex links, or it cannot be bound
   */
  public <I, O> DuplexServer<I, O> serveDuplex(
      ChannelAddr addr, ChannelCodec<I> inCodec, ChannelCodec<O> outCodec) {
    checkNotNull(addr, "addr");
    checkNotNull(inCodec, "inCodec");
    checkNotNull(outCodec, "outCodec");
    return providerFor(addr.transport()).serveDuplex(addr, inCodec, outCodec);
  }

  /**
   * Dials a duplex link to {@code addr}; messages given to {@link Tx#post(Object)} that come back
   * are logged at WARN.
   *
   * @throws ChannelException when no transport is installed for the address or it does not support
   *     duplex links
   */
  public <I, O> DuplexLink<I, O> dialDuplex(
      ChannelAddr addr, ChannelCodec<O> outCodec, ChannelCodec<I> inCodec) {
    checkNotNull(addr, "addr");
    checkNotNull(outCodec, "outCodec");
    checkNotNull(inCodec, "inCodec");
    return providerFor(addr.transport())
        .dialDuplex(
            addr,
            outCodec,
            inCodec,
            error ->
                logger.warn(
                    "undeliverable message posted to {} and returned: {}", addr, error.reason()));
  }

  /** Whether a provider for {@code transport} is installed and available. */
  public boolean supports(ChannelTransport transport) {
    checkNotNull(transport, "transport");
    for (ChannelProvider provider : providers) {
      if (provider.transports().contains(transport)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The provider {@link #serve} and {@link #dial} use for {@code transport}.
   *
   * @throws ChannelException of kind {@link ChannelException.Kind#UNSUPPORTED} naming the artifact
   *     to add when none is installed
   */
  public ChannelProvider providerFor(ChannelTransport transport) {
    checkNotNull(transport, "transport");
    for (ChannelProvider provider : providers) {
      if (provider.transports().contains(transport)) {
        return provider;
      }
    }
    String artifact =
        transport == ChannelTransport.LOCAL
            ? "io.hyperactor:hyperactor-impl"
            : "io.hyperactor:hyperactor-grpc-transport";
    throw new ChannelException(
        ChannelException.Kind.UNSUPPORTED,
        "no channel provider for transport '"
            + transport
            + "' is available; add a dependency on "
            + artifact
            + (transport == ChannelTransport.UNIX
                ? " (unix sockets also need Linux with epoll)"
                : ""));
  }
}
