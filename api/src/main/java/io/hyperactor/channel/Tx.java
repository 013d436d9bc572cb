package io.hyperactor.channel;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The sending end of a channel: messages posted on one {@code Tx} reach the receiver at most once
 * and in posting order.
 *
 * <p>Every message either is acknowledged by the receiver or comes back to its sender as a {@link
 * SendError}: through the handler passed to {@link #post(Object, Consumer)}, the future of {@link
 * #send}, or, for {@link #post(Object)}, the return handler given when the {@code Tx} was dialed. A
 * message comes back when the link closes (the receiver closed or rejected the link, or this {@code
 * Tx} was closed) before it was acknowledged, when it is not acknowledged within {@code
 * message_delivery_timeout}, when it is larger than {@code codec_max_frame_length}, or when it
 * cannot be encoded or decoded.
 *
 * <p>Acknowledged means the receiver's application took the message from its {@link Rx}; it does
 * not mean the message was processed. Implementations are thread-safe.
 */
public interface Tx<M> extends AutoCloseable {

  /** The address this {@code Tx} was dialed to. */
  ChannelAddr addr();

  /**
   * Posts a message without waiting; if it cannot be delivered it goes to this {@code Tx}'s return
   * handler.
   */
  void post(M message);

  /**
   * Posts a message without waiting; if it cannot be delivered, {@code onUndeliverable} receives it
   * with the reason, exactly once. The handler may run on a transport thread and must not block.
   */
  void post(M message, Consumer<? super SendError<M>> onUndeliverable);

  /**
   * Posts a message and returns a future that completes when the receiver acknowledges it, or
   * completes exceptionally with a {@link SendException} carrying the message and the reason.
   */
  default CompletableFuture<Void> send(M message) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    postAcked(message, acked);
    return acked;
  }

  /**
   * Posts a message, completing {@code acked} on acknowledgement or exceptionally with a {@link
   * SendException} when the message comes back; the primitive behind {@link #send}.
   */
  void postAcked(M message, CompletableFuture<Void> acked);

  /** The current link status. */
  LinkStatus status();

  /**
   * A future that completes when the link closes for good; it never completes exceptionally.
   * Completing or cancelling the returned future has no effect on the link.
   */
  CompletableFuture<LinkStatus.Closed> whenClosed();

  /**
   * Closes this {@code Tx} and waits until it is closed: later posts fail at once; when a link is
   * connected, the receiver is told and its final acknowledgement awaited (briefly), so messages it
   * already took count as delivered; every message still unacknowledged then comes back to its
   * sender with the reason {@code "sender closed"}. In-JVM channels still deliver what was posted
   * before the close. Idempotent.
   */
  @Override
  void close();
}
