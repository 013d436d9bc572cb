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
    List<ByteBuffer> lent =
        WireBytes.lendPieces(WireBytes.concat(List.of(ByteBuffer.wrap(array, 1, 3))));
    assertThat(lent).hasSize(1);
    assertThat(lent.getFirst().array()).isSameInstanceAs(array);
    assertThat(lent.getFirst().position()).isEqualTo(1);
    assertThat(lent.getFirst().remaining()).isEqualTo(3);
  }

  @Test
  void lendOfSeveralPiecesGivesEachPieceWithoutCopying() {
    byte[] first = new byte[150];
    byte[] second = {5, 6};
    ByteString rope =
        WireBytes.concat(List.of(ByteBuffer.wrap(first), ByteBuffer.wrap(second)));
    List<ByteBuffer> lent = WireBytes.lendPieces(rope);
    assertThat(lent).hasSize(2);
    assertThat(lent.get(0).array()).isSameInstanceAs(first);
    assertThat(lent.get(1).array()).isSameInstanceAs(second);
    assertThat(lent.get(0).remaining() + lent.get(1).remaining()).isEqualTo(152);
  }
}
