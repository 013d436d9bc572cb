package io.hyperactor.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelCodecTest {

  @Test
  void utf8RoundTrips() {
    ChannelCodec<String> codec = ChannelCodec.utf8();
    assertThat(codec.decode(codec.encode("héllo ✓"))).isEqualTo("héllo ✓");
  }

  @Test
  void utf8RejectsMalformedInputWithAMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChannelCodec.utf8().decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
    assertThat(e).hasMessageThat().isEqualTo("malformed UTF-8 in a message of 2 bytes");
  }

  @Test
  void bytesIsTheIdentity() {
    byte[] bytes = {1, 2, 3};
    assertThat(ChannelCodec.bytes().decode(ChannelCodec.bytes().encode(bytes))).isEqualTo(bytes);
  }

  @Test
  void encodeToBuffersDefaultsToTheOneArrayOfEncode() {
    byte[] bytes = {1, 2, 3};
    List<ByteBuffer> buffers = ChannelCodec.bytes().encodeToBuffers(bytes);
    assertThat(buffers).hasSize(1);
    assertThat(buffers.get(0).array()).isSameInstanceAs(bytes);
    assertThat(buffers.get(0).position()).isEqualTo(0);
    assertThat(buffers.get(0).remaining()).isEqualTo(3);
  }

  @Test
  void decodeOfABufferReadsFromItsPositionToItsLimit() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3);
    assertThat(ChannelCodec.bytes().decode(buffer)).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void decodeOfABufferSharesNothingWithTheBuffer() {
    byte[] wire = {1, 2, 3};
    byte[] decoded = ChannelCodec.bytes().decode(ByteBuffer.wrap(wire));
    wire[0] = 7;
    assertThat(decoded).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void decodeOfPiecesJoinsThemIntoAnArrayThatSharesNothingWithThem() {
    byte[] first = {9, 1, 2};
    ByteBuffer second = ByteBuffer.allocateDirect(2).put(new byte[] {3, 4}).flip();
    byte[] decoded =
        ChannelCodec.bytes().decode(List.of(ByteBuffer.wrap(first, 1, 2), second));
    first[1] = 7;
    second.put(0, (byte) 7);
    assertThat(decoded).isEqualTo(new byte[] {1, 2, 3, 4});
  }

  @Test
  void utf8DecodesABufferSlice() {
    byte[] text = "héllo".getBytes(StandardCharsets.UTF_8);
    byte[] wire = new byte[text.length + 2];
    System.arraycopy(text, 0, wire, 1, text.length);
    assertThat(ChannelCodec.utf8().decode(ByteBuffer.wrap(wire, 1, text.length)))
        .isEqualTo("héllo");
  }

  @Test
  void utf8RejectsAMalformedBufferWithAMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChannelCodec.utf8()
                    .decode(ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 0}, 1, 1)));
    assertThat(e).hasMessageThat().isEqualTo("malformed UTF-8 in a message of 1 bytes");
  }

  @Test
  void sendExceptionCarriesTheMessageAndReason() {
    SendError<String> error =
        new SendError<>("m", new ChannelException(ChannelException.Kind.CLOSED, "gone"));
    SendException e = new SendException(error);
    assertThat(e).hasMessageThat().isEqualTo("gone");
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.CLOSED);
    assertThat(e.error().message()).isEqualTo("m");
  }
}
