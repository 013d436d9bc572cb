package io.hyperactor.channel;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns channel messages into bytes and back, for transports that cross process boundaries.
 *
 * <p>Implementations must be thread-safe. {@link #decode} must throw (any exception, with a
 * message) on input it cannot read: the channel turns that into a {@link
 * ChannelException.Kind#CODEC} error that reaches the sender, never a silent drop. In-JVM channels
 * pass objects without encoding.
 *
 * <p>Transports call {@link #encodeToBuffers}, {@link #decode(ByteBuffer)} and, for a message
 * received in several buffers, {@link #decode(List)}, whose defaults go through the {@code byte[]}
 * methods; a codec for large messages overrides them to avoid copying whole messages into and out
 * of arrays.
 *
 * <pre>{@code
 * Rx<String> rx = channels.serve(ChannelAddr.any(ChannelTransport.UNIX), ChannelCodec.utf8());
 * }</pre>
 */
public interface ChannelCodec<M> {

  /** The bytes that represent {@code message}; the channel may keep the returned array. */
  byte[] encode(M message);

  /** The message that {@code bytes} represent; the codec may keep the given array. */
  M decode(byte[] bytes);

  /**
   * The bytes that represent {@code message}, as consecutive pieces that the transport writes one
   * after the other, so that a codec can hand over a large part it already holds encoded (such as a
   * payload) without first copying it into one array.
   *
   * <p>The transport reads each buffer from its position to its limit without moving either, and
   * may keep the buffers until the message is acknowledged (it writes them again after a
   * reconnect); the codec must not change their contents afterwards. The default is the one array
   * of {@link #encode}.
   */
  default List<ByteBuffer> encodeToBuffers(M message) {
    return List.of(ByteBuffer.wrap(encode(message)));
  }

  /**
   * The message that the bytes of {@code bytes} from its position to its limit represent.
   *
   * <p>The buffer is lent for the duration of the call: the transport may reuse its memory
   * afterwards, so the returned message must not share it (copy what the message keeps), and the
   * codec must not change its contents. The buffer's position and limit are the codec's to move.
   * The default copies the bytes into a fresh array for {@link #decode(byte[])}.
   */
  default M decode(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return decode(copy);
  }

  /**
   * Like {@link #decode(ByteBuffer)}, for bytes a network receiver got from {@code peer}, whose
   * identity the transport established. A codec whose messages carry the sender's identity (the
   * mailbox envelope codec) overrides this to write {@code peer} into the message, replacing any
   * identity the bytes claim; the default ignores the peer.
   */
  default M decode(ByteBuffer bytes, ChannelPeer peer) {
    return decode(bytes);
  }

  /**
   * Like {@link #decode(ByteBuffer)}, for a message that reached the receiver as several pieces
   * (a network transport's read buffers), whose bytes from each one's position to its limit follow
   * one another. The pieces are lent as in {@link #decode(ByteBuffer)}: the message must not share
   * them. A codec that reads its messages from several buffers overrides this to save a copy; the
   * default joins the pieces into one fresh array (a single piece is decoded as it is).
   */
  default M decode(List<ByteBuffer> pieces) {
    return pieces.size() == 1 ? decode(pieces.getFirst()) : decode(ByteBuffer.wrap(join(pieces)));
  }

  /**
   * Like {@link #decode(List)}, for bytes a network receiver got from {@code peer}, as in {@link
   * #decode(ByteBuffer, ChannelPeer)}.
   */
  default M decode(List<ByteBuffer> pieces, ChannelPeer peer) {
    return pieces.size() == 1
        ? decode(pieces.getFirst(), peer)
        : decode(ByteBuffer.wrap(join(pieces)), peer);
  }

  private static byte[] join(List<ByteBuffer> pieces) {
    long size = 0;
    for (ByteBuffer piece : pieces) {
      size += piece.remaining();
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a message of " + size + " bytes does not fit in one array");
    }
    byte[] joined = new byte[(int) size];
    int at = 0;
    for (ByteBuffer piece : pieces) {
      int length = piece.remaining();
      piece.get(piece.position(), joined, at, length);
      at += length;
    }
    return joined;
  }

  /** The identity codec for raw byte arrays. */
  static ChannelCodec<byte[]> bytes() {
    return BuiltinCodecs.BYTES;
  }

  /** Strings as UTF-8; decoding rejects malformed UTF-8 instead of replacing it. */
  static ChannelCodec<String> utf8() {
    return BuiltinCodecs.UTF8;
  }
}
