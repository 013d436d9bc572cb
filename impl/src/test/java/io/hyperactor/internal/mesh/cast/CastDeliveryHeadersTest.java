package io.hyperactor.internal.mesh.cast;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Point;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CastDeliveryHeadersTest {
  private static final ActorId CASTER = ActorId.parse("tcp:127.0.0.1:1234,client,caster[0]");
  private static final Extent EXTENT = Extent.of("hosts", 2, "procs", 4);

  @Test
  void deliveriesOfOneCastCarryTheirOwnPointAndSequenceNumber() {
    UUID session = UUID.randomUUID();
    CastDeliveryHeaders common =
        CastDeliveryHeaders.of(Map.of("app", "x", PeerHeader.NAME, "forged"), CASTER, "peer-a");
    for (int rank = 0; rank < EXTENT.numRanks(); rank++) {
      Point point = EXTENT.pointOfRank(rank);
      SeqInfo.Session seq = new SeqInfo.Session(session, rank + 1);
      ImmutableMap<String, String> headers = common.forDelivery(point, seq);

      CastInfo info = CastInfo.fromHeaders(headers).orElseThrow();
      assertThat(info.point()).isEqualTo(point);
      assertThat(info.sender()).isEqualTo(CASTER);
      assertThat(info.seqInfo()).isEqualTo(seq);
      assertThat(headers).containsEntry("app", "x");
      assertThat(headers).containsEntry(PeerHeader.NAME, "peer-a");
      assertThat(headers)
          .containsEntry(
              CastInfo.SENDER_ACTOR_ID_HASH_HEADER,
              Long.toUnsignedString(CastHeaders.hash(CASTER)));
    }
  }

  @Test
  void matchesTheHeadersFormattedPerDelivery() {
    CastDeliveryHeaders common = CastDeliveryHeaders.of(Map.of("k", "v"), CASTER);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    Point point = EXTENT.pointOfRank(5);
    for (SeqInfo seq :
        new SeqInfo[] {
          new SeqInfo.Session(first, 3),
          new SeqInfo.Session(second, 4, 2),
          new SeqInfo.Session(first, 5),
          SeqInfo.DIRECT
        }) {
      ImmutableMap.Builder<String, String> expected =
          ImmutableMap.<String, String>builder()
              .put("k", "v")
              .put(CastInfo.POINT_HEADER, point.toString())
              .put(CastInfo.ORIGINATING_SENDER_HEADER, CASTER.toString())
              .put(
                  CastInfo.SENDER_ACTOR_ID_HASH_HEADER,
                  Long.toUnsignedString(CastHeaders.hash(CASTER)));
      if (seq instanceof SeqInfo.Session s) {
        expected.put(CastInfo.SEQ_INFO_HEADER, CastInfo.formatSeqInfo(s));
      }
      assertThat(common.forDelivery(point, seq)).isEqualTo(expected.buildOrThrow());
    }
  }
}
