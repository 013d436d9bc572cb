package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Rx;
import io.hyperactor.internal.channel.DeliveryQueue;
import java.time.Duration;
import java.util.Optional;

/** The {@link Rx} view of a duplex link's receiving side; closing it closes the whole link. */
final class QueueRx<M> implements Rx<M> {
  private final ChannelAddr addr;
  private final DeliveryQueue<M> queue;
  private final Runnable closeLink;

  QueueRx(ChannelAddr addr, DeliveryQueue<M> queue, Runnable closeLink) {
    this.addr = checkNotNull(addr, "addr");
    this.queue = checkNotNull(queue, "queue");
    this.closeLink = checkNotNull(closeLink, "closeLink");
  }

  @Override
  public ChannelAddr addr() {
    return addr;
  }

  @Override
  public M recv() throws InterruptedException {
    return queue.take();
  }

  @Override
  public Optional<M> recv(Duration timeout) throws InterruptedException {
    return queue.poll(timeout);
  }

  @Override
  public void close() {
    closeLink.run();
  }

  @Override
  public String toString() {
    return "Rx[" + queue + "]";
  }
}
