package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import java.time.Duration;
import java.util.Optional;

/**
 * The receiving end of an in-JVM channel: senders enqueue their objects directly, and a message is
 * acknowledged when {@link #recv} takes it.
 *
 * <p>Thread-safe.
 */
final class LocalRx<M> implements Rx<M> {
  private final LocalRegistry registry;
  private final ChannelAddr.Local addr;
  private final DeliveryQueue<M> queue;
  private final StatusCell status = new StatusCell();

  LocalRx(ChannelAddr.Local addr, LocalRegistry registry) {
    this.registry = registry;
    this.addr = checkNotNull(addr, "addr");
    // Local senders never wait for space: the soft capacity only matters to flow-controlled links.
    this.queue = new DeliveryQueue<>(addr.toString(), Integer.MAX_VALUE);
  }

  @Override
  public ChannelAddr.Local addr() {
    return addr;
  }

  /** The receiver's status, which every {@link LocalTx} dialed to it follows. */
  StatusCell status() {
    return status;
  }

  /** Enqueues {@code message}; when the receiver is closed, reports that to {@code callback}. */
  void enqueue(M message, SendCallback<M> callback) {
    Delivery<M> delivery =
        new Delivery<>() {
          @Override
          public M message() {
            return message;
          }

          @Override
          public boolean taken() {
            callback.acked();
            return true;
          }

          @Override
          public void dropped(ChannelException error) {
            callback.failed(new SendError<>(message, error));
          }
        };
    if (!queue.offer(delivery)) {
      callback.failed(new SendError<>(message, closedError()));
    }
  }

  ChannelException closedError() {
    return new ChannelException(
        ChannelException.Kind.CLOSED,
        "channel " + addr + " closed: " + status.reasonOr("receiver closed"));
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
    if (status.close("receiver closed")) {
      registry.unbind(this);
      queue.close(
          new ChannelException(
              ChannelException.Kind.CLOSED,
              "channel " + addr + " closed: receiver closed before the message was received"));
    }
  }

  @Override
  public String toString() {
    return "LocalRx[" + addr + "]";
  }
}
