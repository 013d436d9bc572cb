package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves encoded messages between a codec's buffers and the byte strings of link frames without
 * copying them.
 */
final class WireBytes {
  private WireBytes() {}

  /** The total number of bytes in {@code buffers}, from each one's position to its limit. */
  static long size(List<ByteBuffer> buffers) {
    long size = 0;
    for (ByteBuffer buffer : buffers) {
      size += buffer.remaining();
    }
    return size;
  }

  /**
   * {@code buffers} one after the other as one byte string that shares their contents, which the
   * codec promised not to change.
   */
  static ByteString concat(List<ByteBuffer> buffers) {
    if (buffers.size() == 1) {
      return wrap(buffers.getFirst());
    }
    List<ByteString> pieces = new ArrayList<>(buffers.size());
    for (ByteBuffer buffer : buffers) {
      pieces.add(wrap(buffer));
    }
    // Despite its name, this concatenates the pieces into a rope without copying them.
    return ByteString.copyFrom(pieces);
  }

  private static ByteString wrap(ByteBuffer buffer) {
    if (buffer.hasArray()) {
      return UnsafeByteOperations.unsafeWrap(
          buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }
    return UnsafeByteOperations.unsafeWrap(buffer.slice());
  }

  /**
   * The bytes of {@code bytes} as buffers to lend to a codec, one after the other, without copying
   * them: one buffer for a message in one piece (a view of the array it was parsed from), several
   * for a message parsed from gRPC's buffers that spans more than one of them.
   */
  static List<ByteBuffer> lendPieces(ByteString bytes) {
    PieceView view = new PieceView();
    try {
      UnsafeByteOperations.unsafeWriteTo(bytes, view);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return view.copied || view.pieces.isEmpty() ? List.of(bytes.asReadOnlyByteBuffer()) : view.pieces;
  }

  /** Collects the buffers behind a byte string, or notes that it holds bytes it would copy. */
  private static final class PieceView extends ByteOutput {
    private final List<ByteBuffer> pieces = new ArrayList<>(4);
    private boolean copied;

    @Override
    public void write(byte value) {
      copied = true;
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      copied = true;
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      pieces.add(ByteBuffer.wrap(value, offset, length));
    }

    @Override
    public void write(ByteBuffer value) {
      copied = true;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      pieces.add(value);
    }
  }
}
