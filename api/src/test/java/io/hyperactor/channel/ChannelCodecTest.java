package io.hyperactor.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void sendExceptionCarriesTheMessageAndReason() {
    SendError<String> error =
        new SendError<>("m", new ChannelException(ChannelException.Kind.CLOSED, "gone"));
    SendException e = new SendException(error);
    assertThat(e).hasMessageThat().isEqualTo("gone");
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.CLOSED);
    assertThat(e.error().message()).isEqualTo("m");
  }
}
