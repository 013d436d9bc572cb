package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.channel.spi.ChannelProvider;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The in-JVM {@code local} transport: {@code local:N} channels that pass objects without encoding.
 *
 * <p>Each actor system has one, with an address space of its own. The codec is ignored: messages
 * never leave the JVM. Thread-safe.
 */
public final class LocalChannelProvider extends ChannelProvider {
  private final LocalRegistry registry = new LocalRegistry();

  /** A provider with a fresh, empty {@code local:N} address space. */
  public LocalChannelProvider() {}

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Set<ChannelTransport> transports() {
    return Set.of(ChannelTransport.LOCAL);
  }

  @Override
  public <M> Rx<M> serve(ChannelAddr addr, ChannelCodec<M> codec) {
    return registry.serve(local(addr));
  }

  @Override
  public <M> Tx<M> dial(
      ChannelAddr addr, ChannelCodec<M> codec, Consumer<? super SendError<M>> returnHandler) {
    ChannelAddr.Local local = local(addr);
    LocalRx<?> rx = registry.lookup(local);
    if (rx == null) {
      throw new ChannelException(
          ChannelException.Kind.CLOSED,
          "cannot dial " + addr + ": no local channel is served there");
    }
    // The receiver's element type is erased; a local channel trusts the dialer's type, as the
    // objects never cross a codec.
    @SuppressWarnings("unchecked")
    LocalRx<M> typed = (LocalRx<M>) rx;
    return new LocalTx<>(typed, returnHandler);
  }

  /** Reserves a fresh {@code local:N} address that can be served later. */
  public ChannelAddr.Local reserveAddr() {
    return registry.reserve();
  }

  private static ChannelAddr.Local local(ChannelAddr addr) {
    checkNotNull(addr, "addr");
    if (!(addr instanceof ChannelAddr.Local local)) {
      throw new ChannelException(
          ChannelException.Kind.INVALID_ADDRESS,
          "the local transport cannot serve or dial " + addr + "; expected local:N");
    }
    return local;
  }
}
