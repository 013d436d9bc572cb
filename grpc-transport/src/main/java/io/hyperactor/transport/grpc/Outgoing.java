package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteString;
import io.hyperactor.internal.channel.SendCallback;

/**
 * A message on its way: its sequence number, its encoding, and where its outcome goes.
 *
 * <p>The link sequence number is given when the message is first written ({@link #UNSENT} until
 * then), so a message the sender refuses before writing it leaves no gap in the link's sequence.
 */
final class Outgoing<M> {
  static final long UNSENT = -1;

  // Guarded by the sender engine's lock.
  long seq;
  final ByteString bytes;
  final M message;
  final SendCallback<M> callback;
  final long postedNanos;

  Outgoing(long seq, ByteString bytes, M message, SendCallback<M> callback, long postedNanos) {
    this.seq = seq;
    this.bytes = bytes;
    this.message = message;
    this.callback = callback;
    this.postedNanos = postedNanos;
  }
}
