package io.hyperactor.internal.channel;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The table of served {@code local:N} channels of one actor system: its own address space, so two
 * systems in one JVM never see each other's local channels.
 *
 * <p>Port numbers start at 1, so {@code local:0} can mean "allocate". Thread-safe.
 */
final class LocalRegistry {
  private final ConcurrentMap<Long, LocalRx<?>> served = new ConcurrentHashMap<>();
  private final AtomicLong nextPort = new AtomicLong(1);

  /**
   * Binds {@code addr} (allocating a port for {@code local:0}) to the receiver {@code bind} makes.
   */
  <M> LocalRx<M> serve(ChannelAddr.Local addr) {
    if (addr.id() == 0) {
      while (true) {
        long port = nextPort.getAndIncrement();
        LocalRx<M> rx = new LocalRx<>(new ChannelAddr.Local(port), this);
        if (served.putIfAbsent(port, rx) == null) {
          return rx;
        }
      }
    }
    LocalRx<M> rx = new LocalRx<>(addr, this);
    if (served.putIfAbsent(addr.id(), rx) != null) {
      throw new ChannelException(
          ChannelException.Kind.INVALID_ADDRESS, "local addr already bound: " + addr.id());
    }
    // Later allocations must not hand out a port that was bound explicitly.
    nextPort.accumulateAndGet(addr.id() + 1, Math::max);
    return rx;
  }

  /** Reserves a fresh port that no allocation will hand out; it can be served explicitly later. */
  ChannelAddr.Local reserve() {
    return new ChannelAddr.Local(nextPort.getAndIncrement());
  }

  @Nullable LocalRx<?> lookup(ChannelAddr.Local addr) {
    return served.get(addr.id());
  }

  void unbind(LocalRx<?> rx) {
    served.remove(rx.addr().id(), rx);
  }
}
