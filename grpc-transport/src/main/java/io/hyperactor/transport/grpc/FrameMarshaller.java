package io.hyperactor.transport.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.hyperactor.transport.grpc.proto.Frame;
import java.io.IOException;
import java.io.InputStream;

/**
 * Link frames on the wire: written by gRPC's Protobuf marshaller, parsed from a fresh array per
 * frame whose batch messages the parsed frame shares instead of copying each one.
 *
 * <p>The array is never reused, so codecs may look at the messages in place; gRPC has already
 * checked the frame's size against the receiver's limit.
 */
final class FrameMarshaller implements MethodDescriptor.Marshaller<Frame> {
  static final FrameMarshaller INSTANCE = new FrameMarshaller();

  private static final MethodDescriptor.Marshaller<Frame> WRITER =
      ProtoUtils.marshaller(Frame.getDefaultInstance());

  private FrameMarshaller() {}

  @Override
  public InputStream stream(Frame frame) {
    return WRITER.stream(frame);
  }

  @Override
  public Frame parse(InputStream stream) {
    try {
      byte[] bytes;
      if (stream instanceof KnownLength) {
        bytes = stream.readNBytes(stream.available());
      } else {
        bytes = stream.readAllBytes();
      }
      // Protobuf shares the bytes of a parsed field only with a buffer it may treat as immutable.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      in.enableAliasing(true);
      return Frame.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("malformed link frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("cannot read a link frame: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }
}
