package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteString;
import io.hyperactor.internal.channel.SendCallback;

/** A message on its way: its sequence number, its encoding, and where its outcome goes. */
final class Outgoing<M> {
  final long seq;
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
