package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
  private static final FrameMarshaller MARSHALLER = FrameMarshaller.INSTANCE;

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
    ByteBuffer first = WireBytes.lend(parsed.getBatch().getMessages(0));
    ByteBuffer second = WireBytes.lend(parsed.getBatch().getMessages(1));
    assertThat(first.hasArray()).isTrue();
    assertThat(second.array()).isSameInstanceAs(first.array());
    assertThat(text(first)).isEqualTo("first");
    assertThat(text(second)).isEqualTo("second");
  }

  @Test
  void malformedFrameIsAnInternalErrorWithAMessage() {
    InputStream garbage = new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff, 3});
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> MARSHALLER.parse(garbage));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e).hasMessageThat().contains("malformed link frame");
  }

  private static Frame roundTrip(Frame frame) throws Exception {
    try (InputStream out = MARSHALLER.stream(frame)) {
      return MARSHALLER.parse(new ByteArrayInputStream(out.readAllBytes()));
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
