package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ForwardingReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import io.hyperactor.transport.grpc.proto.Ack;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMarshallerTest {
  @Test
  void batchRoundTripsWithMessagesWrittenFromTheirPieces() throws Exception {
    ByteString pieces =
        WireBytes.concat(
            List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[200], 10, 100)));
    Frame frame =
        Frame.newBuilder()
            .setBatch(
                Batch.newBuilder()
                    .setFirstSeq(7)
                    .addMessages(pieces)
                    .addMessages(ByteString.copyFromUtf8("m1")))
            .build();
    Frame parsed = roundTrip(frame);
    assertThat(parsed).isEqualTo(frame);
    assertThat(parsed.getBatch().getMessages(0).size()).isEqualTo(102);
  }

  @Test
  void controlFramesRoundTrip() throws Exception {
    Frame ack = Frame.newBuilder().setAck(Ack.newBuilder().setAckedBelow(1000)).build();
    assertThat(roundTrip(ack)).isEqualTo(ack);
  }

  @Test
  void parsedMessagesAreLentInPlaceFromOneArray() throws Exception {
    Frame frame =
        Frame.newBuilder()
            .setBatch(
                Batch.newBuilder()
                    .addMessages(ByteString.copyFromUtf8("first"))
                    .addMessages(ByteString.copyFromUtf8("second")))
            .build();
    Frame parsed = roundTrip(frame);
    ByteBuffer first = WireBytes.lendPieces(parsed.getBatch().getMessages(0)).getFirst();
    ByteBuffer second = WireBytes.lendPieces(parsed.getBatch().getMessages(1)).getFirst();
    assertThat(first.hasArray()).isTrue();
    assertThat(second.array()).isSameInstanceAs(first.array());
    assertThat(text(first)).isEqualTo("first");
    assertThat(text(second)).isEqualTo("second");
  }

  @Test
  void malformedFrameIsAnInternalErrorWithAMessage() {
    InputStream garbage = new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff, 3});
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> FrameMarshaller.read(garbage));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e).hasMessageThat().contains("malformed link frame");
  }

  @Test
  void frameReadFromGrpcBuffersSharesThemUntilClosed() throws Exception {
    byte[] large = new byte[64 * 1024];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31);
    }
    Frame frame =
        Frame.newBuilder()
            .setBatch(
                Batch.newBuilder()
                    .setFirstSeq(3)
                    .addMessages(ByteString.copyFrom(large))
                    .addMessages(ByteString.copyFromUtf8("small")))
            .build();
    byte[] wire;
    try (InputStream out = FrameMarshaller.WRITER.stream(frame)) {
      wire = out.readAllBytes();
    }
    // As gRPC hands over a message: HTTP/2 data frames of 16 KiB, in direct buffers.
    CompositeReadableBuffer composite = new CompositeReadableBuffer();
    int[] released = {0};
    int buffers = 0;
    for (int at = 0; at < wire.length; at += 16 * 1024, buffers++) {
      int length = Math.min(16 * 1024, wire.length - at);
      ByteBuffer direct = ByteBuffer.allocateDirect(length).put(wire, at, length).flip();
      composite.addBuffer(
          new ForwardingReadableBuffer(ReadableBuffers.wrap(direct)) {
            @Override
            public void close() {
              released[0]++;
            }
          });
    }
    InputStream stream = ReadableBuffers.openStream(composite, true);

    List<ByteBuffer> pieces;
    try (FrameMarshaller.Received received = FrameMarshaller.read(stream)) {
      assertThat(received.frame()).isEqualTo(frame);
      pieces = WireBytes.lendPieces(received.frame().getBatch().getMessages(0));
      assertThat(pieces.size()).isGreaterThan(1);
      for (ByteBuffer piece : pieces) {
        assertThat(piece.isDirect()).isTrue();
      }
      assertThat(released[0]).isEqualTo(0);
    }
    assertThat(released[0]).isEqualTo(buffers);
  }

  @Test
  void frameReadFromAPlainStreamIsParsedFromOneArray() throws Exception {
    Frame ack = Frame.newBuilder().setAck(Ack.newBuilder().setAckedBelow(5)).build();
    try (FrameMarshaller.Received received =
        FrameMarshaller.read(new ByteArrayInputStream(ack.toByteArray()))) {
      assertThat(received.frame()).isEqualTo(ack);
    }
  }

  private static Frame roundTrip(Frame frame) throws Exception {
    try (InputStream out = FrameMarshaller.WRITER.stream(frame);
        FrameMarshaller.Received received =
            FrameMarshaller.read(new ByteArrayInputStream(out.readAllBytes()))) {
      return received.frame();
    }
  }

  private static String text(ByteBuffer buffer) {
    return new String(
        buffer.array(),
        buffer.arrayOffset() + buffer.position(),
        buffer.remaining(),
        StandardCharsets.UTF_8);
  }
}
