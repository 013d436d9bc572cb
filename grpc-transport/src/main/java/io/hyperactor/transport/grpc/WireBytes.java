package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
   * The bytes of {@code bytes} as a buffer to lend to a codec: a view of the array they were
   * parsed from when they are one piece of an array, a copy otherwise.
   */
  static ByteBuffer lend(ByteString bytes) {
    ArrayView view = new ArrayView();
    try {
      UnsafeByteOperations.unsafeWriteTo(bytes, view);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer array = view.buffer;
    return view.pieces == 1 && array != null ? array : bytes.asReadOnlyByteBuffer();
  }

  /** Remembers the array behind a byte string that is a single piece. */
  private static final class ArrayView extends ByteOutput {
    private @Nullable ByteBuffer buffer;
    private int pieces;

    @Override
    public void write(byte value) {
      pieces++;
    }

    @Override
    public void write(byte[] value, int offset, int length) {
      pieces++;
    }

    @Override
    public void writeLazy(byte[] value, int offset, int length) {
      pieces++;
      buffer = ByteBuffer.wrap(value, offset, length);
    }

    @Override
    public void write(ByteBuffer value) {
      pieces++;
    }

    @Override
    public void writeLazy(ByteBuffer value) {
      pieces++;
    }
  }
}
