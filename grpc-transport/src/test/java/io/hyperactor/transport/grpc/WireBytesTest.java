package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireBytesTest {

  @Test
  void concatJoinsThePiecesFromPositionToLimit() {
    byte[] big = new byte[300];
    big[5] = 9;
    List<ByteBuffer> pieces =
        List.of(ByteBuffer.wrap(new byte[] {1, 2, 3}, 1, 2), ByteBuffer.wrap(big, 5, 200));
    ByteString joined = WireBytes.concat(pieces);
    assertThat(WireBytes.size(pieces)).isEqualTo(202);
    assertThat(joined.size()).isEqualTo(202);
    assertThat(joined.byteAt(0)).isEqualTo((byte) 2);
    assertThat(joined.byteAt(1)).isEqualTo((byte) 3);
    assertThat(joined.byteAt(2)).isEqualTo((byte) 9);
    // The buffers' positions are left alone: a message is written again after a reconnect.
    assertThat(pieces.get(0).position()).isEqualTo(1);
  }

  @Test
  void concatSharesTheArraysInsteadOfCopyingThem() {
    byte[] big = new byte[300];
    ByteString joined =
        WireBytes.concat(List.of(ByteBuffer.wrap(new byte[200]), ByteBuffer.wrap(big)));
    big[0] = 4;
    assertThat(joined.byteAt(200)).isEqualTo((byte) 4);
  }

  @Test
  void lendOfOnePieceIsAViewOfItsArray() {
    byte[] array = {0, 1, 2, 3, 0};
    ByteBuffer lent = WireBytes.lend(WireBytes.concat(List.of(ByteBuffer.wrap(array, 1, 3))));
    assertThat(lent.array()).isSameInstanceAs(array);
    assertThat(lent.position()).isEqualTo(1);
    assertThat(lent.remaining()).isEqualTo(3);
  }

  @Test
  void lendOfSeveralPiecesReadsThemAll() {
    ByteString rope =
        WireBytes.concat(
            List.of(ByteBuffer.wrap(new byte[150]), ByteBuffer.wrap(new byte[] {5, 6})));
    ByteBuffer lent = WireBytes.lend(rope);
    assertThat(lent.remaining()).isEqualTo(152);
    assertThat(lent.get(lent.position() + 151)).isEqualTo((byte) 6);
  }
}
