package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.hyperactor.transport.grpc.proto.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Link frames on the wire: written by gRPC's Protobuf marshaller, and read by the receiving
 * observer itself from the stream gRPC hands over, so that a parsed frame can share gRPC's own
 * buffers for as long as the observer handles it.
 *
 * <p>gRPC passes each received frame unparsed ({@link #UNREAD}); the observer calls {@link #read}
 * and closes the result when it is done with the frame. When gRPC's stream exposes its buffers
 * ({@link HasByteBuffer}) the reader takes them over ({@link Detachable}) and parses the frame
 * aliasing them, so a batch's messages are views of the bytes as they came off the socket, often
 * in several pieces; closing the frame gives the buffers back. Otherwise the frame is parsed from
 * one fresh array that its messages share. Either way, the codecs decode the messages in place
 * while the frame is open, and copy what they keep. gRPC has already checked the frame's size
 * against the receiver's limit.
 */
final class FrameMarshaller {
  private FrameMarshaller() {}

  /** Writes frames. */
  static final MethodDescriptor.Marshaller<Frame> WRITER =
      ProtoUtils.marshaller(Frame.getDefaultInstance());

  /** Hands a received frame to the observer unread, for {@link #read}. */
  static final MethodDescriptor.Marshaller<InputStream> UNREAD =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream;
        }
      };

  /** A frame parsed from gRPC's stream, holding the buffers it shares until closed. */
  static final class Received implements AutoCloseable {
    private final Frame frame;
    private final @Nullable InputStream buffers;

    private Received(Frame frame, @Nullable InputStream buffers) {
      this.frame = frame;
      this.buffers = buffers;
    }

    /** The frame; its messages are valid until {@link #close}. */
    Frame frame() {
      return frame;
    }

    /** Gives back the buffers the frame shares. */
    @Override
    public void close() {
      if (buffers != null) {
        try {
          buffers.close();
        } catch (IOException e) {
          // gRPC's buffer streams release their buffers without failing; nothing to report.
        }
      }
    }
  }

  /** Parses the frame in {@code stream}, sharing gRPC's buffers where it exposes them. */
  static Received read(InputStream stream) {
    try {
      if (stream instanceof Detachable detachable
          && stream instanceof HasByteBuffer exposed
          && exposed.byteBufferSupported()) {
        InputStream owned = detachable.detach();
        try {
          return new Received(parse(owned), owned);
        } catch (RuntimeException | IOException e) {
          owned.close();
          throw e;
        }
      }
      return new Received(parse(readArray(stream)), null);
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("cannot read a link frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }

  /**
   * Parses the frame from the buffers of {@code owned} without copying them. Marking the stream
   * first keeps each buffer it skips past (gRPC otherwise releases a buffer once read) until the
   * stream is closed.
   */
  private static Frame parse(InputStream owned) throws IOException {
    owned.mark(Integer.MAX_VALUE);
    List<ByteString> pieces = new ArrayList<>();
    while (owned.available() > 0) {
      ByteBuffer buffer = ((HasByteBuffer) owned).getByteBuffer();
      if (buffer == null || !buffer.hasRemaining()) {
        // Not expected from gRPC's buffers; read the rest the ordinary way.
        owned.reset();
        return parse(readArray(owned));
      }
      pieces.add(UnsafeByteOperations.unsafeWrap(buffer));
      owned.skip(buffer.remaining());
    }
    // Despite its name, this joins the pieces into a rope without copying them.
    return parse(pieces.size() == 1 ? pieces.getFirst() : ByteString.copyFrom(pieces));
  }

  private static ByteString readArray(InputStream stream) throws IOException {
    byte[] bytes =
        stream instanceof KnownLength
            ? stream.readNBytes(stream.available())
            : stream.readAllBytes();
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /** Protobuf shares the bytes of a parsed field only with a buffer it may treat as immutable. */
  private static Frame parse(ByteString bytes) throws IOException {
    try {
      CodedInputStream in = bytes.newCodedInput();
      in.enableAliasing(true);
      return Frame.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("malformed link frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }
}
