package io.hyperactor.channel;

/**
 * Turns channel messages into bytes and back, for transports that cross process boundaries.
 *
 * <p>Implementations must be thread-safe. {@link #decode} must throw (any exception, with a
 * message) on input it cannot read: the channel turns that into a {@link
 * ChannelException.Kind#CODEC} error that reaches the sender, never a silent drop. In-JVM channels
 * pass objects without encoding.
 *
 * <pre>{@code
 * Rx<String> rx = Channels.serve(ChannelAddr.any(ChannelTransport.UNIX), ChannelCodec.utf8());
 * }</pre>
 */
public interface ChannelCodec<M> {

  /** The bytes that represent {@code message}; the channel may keep the returned array. */
  byte[] encode(M message);

  /** The message that {@code bytes} represent; the codec may keep the given array. */
  M decode(byte[] bytes);

  /** The identity codec for raw byte arrays. */
  static ChannelCodec<byte[]> bytes() {
    return BuiltinCodecs.BYTES;
  }

  /** Strings as UTF-8; decoding rejects malformed UTF-8 instead of replacing it. */
  static ChannelCodec<String> utf8() {
    return BuiltinCodecs.UTF8;
  }
}
