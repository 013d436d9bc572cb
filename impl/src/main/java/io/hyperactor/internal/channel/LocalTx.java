package io.hyperactor.internal.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The sending end of an in-JVM channel: objects go straight into the receiver's queue, unencoded.
 *
 * <p>A message is acknowledged when the receiver takes it; if the receiver closes first, the
 * message comes back. Thread-safe.
 */
final class LocalTx<M> implements Tx<M> {
  private final LocalRx<M> rx;
  // Stateless, so one instance serves every post(message).
  private final SendCallback<M> returnCallback;
  private final StatusCell status = new StatusCell();

  LocalTx(LocalRx<M> rx, Consumer<? super SendError<M>> returnHandler) {
    this.rx = checkNotNull(rx, "rx");
    this.returnCallback = SendCallback.of(checkNotNull(returnHandler, "returnHandler"));
    rx.status().whenClosed().thenAccept(closed -> close(closed.reason()));
  }

  @Override
  public ChannelAddr addr() {
    return rx.addr();
  }

  @Override
  public void post(M message) {
    deliver(message, returnCallback);
  }

  @Override
  public void post(M message, Consumer<? super SendError<M>> onUndeliverable) {
    deliver(message, SendCallback.of(onUndeliverable));
  }

  @Override
  public void postAcked(M message, CompletableFuture<Void> acked) {
    deliver(message, SendCallback.of(acked));
  }

  private void deliver(M message, SendCallback<M> callback) {
    checkNotNull(message, "message");
    if (status.isClosed()) {
      callback.failed(
          new SendError<>(
              message,
              new ChannelException(
                  ChannelException.Kind.CLOSED,
                  "channel " + rx.addr() + " closed: " + status.reasonOr("closed"))));
      return;
    }
    rx.enqueue(message, callback);
  }

  @Override
  public LinkStatus status() {
    return status.get();
  }

  @Override
  public CompletableFuture<LinkStatus.Closed> whenClosed() {
    return status.whenClosed();
  }

  @Override
  public void close() {
    close("sender closed");
  }

  @Override
  public String toString() {
    return "LocalTx[" + rx.addr() + "]";
  }

  /** Closes the link; an in-JVM link is connected from the start, so it reports only the close. */
  private void close(String reason) {
    if (status.close(reason)) {
      LinkStates.changed(
          rx.addr().toString(), LinkStates.CONNECTED, LinkStates.CLOSED, reason);
    }
  }
}
