package io.hyperactor.internal.mesh.cast;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.DeliveryError;
import io.hyperactor.PortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mesh.cast.CastTestActor.CastInfoReply;
import io.hyperactor.internal.mesh.cast.CastTestActor.Forward;
import io.hyperactor.internal.mesh.cast.CastTestActor.GetCastInfo;
import io.hyperactor.internal.mesh.cast.CastTestActor.GetRank;
import io.hyperactor.internal.mesh.cast.CastTestActor.Msg;
import io.hyperactor.internal.mesh.cast.CastTestActor.Numbered;
import io.hyperactor.internal.mesh.cast.CastTestActor.Report;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.resource.Rank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Casting through an actor mesh ref on a 2 x 4 mesh of local procs: who receives a cast, with what
 * rank and sequence number, in which order relative to direct sends, and what comes back when a
 * destination, a comm actor or the root comm actor is gone. The forked-process versions of the
 * upstream tests are in the integration tests.
 */
class CastingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Extent EXTENT = Extent.of("hosts", 2, "gpus", 4);

  private static Consumer<HyperactorConfig> tree() {
    return c -> {
      c.set(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, true);
      c.set(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER, true);
    };
  }

  private static Consumer<HyperactorConfig> p2p() {
    return tree().andThen(c -> c.set(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD, 1024L));
  }

  private static Consumer<HyperactorConfig> v1Off() {
    return c -> c.set(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, false);
  }

  /** Every (point, actor) receives the cast exactly once, and its sender is the caster. */
  private static void executeCast(Consumer<HyperactorConfig> settings) throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, settings, true)) {
      PortReceiver<CastInfoReply> infos = m.client.openPort();
      m.mesh.cast(m.client, new GetCastInfo(infos.handle().bind()));
      Set<String> expected = new HashSet<>();
      for (int rank = 0; rank < EXTENT.numRanks(); rank++) {
        expected.add(EXTENT.pointOfRank(rank) + " " + m.mesh.actorId(rank));
      }
      for (int i = 0; i < EXTENT.numRanks(); i++) {
        CastInfoReply info = infos.recv(TIMEOUT);
        assertThat(expected.remove(info.point() + " " + info.actor())).isTrue();
        assertThat(info.sender()).isEqualTo(m.client.selfId());
      }
      assertThat(expected).isEmpty();
    }
  }

  @Test
  void everyActorReceivesATreeCastOnceFromTheCaster() throws Exception {
    executeCast(tree());
  }

  @Test
  void everyActorReceivesAPointToPointCastOnceFromTheCaster() throws Exception {
    executeCast(p2p());
  }

  @Test
  void aSelectionTakesTheFallbackPath() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(Extent.of("hosts", 2), tree(), true)) {
      Extent hosts = Extent.of("hosts", 2);
      PortReceiver<CastInfoReply> first = m.client.openPort();
      m.mesh.cast(m.client, Selection.parse("0:1"), new GetCastInfo(first.handle().bind()));
      assertThat(first.recv(TIMEOUT).point()).isEqualTo(hosts.pointOfRank(0).toString());

      PortReceiver<CastInfoReply> all = m.client.openPort();
      m.mesh.cast(m.client, new GetCastInfo(all.handle().bind()));
      Set<String> points = new HashSet<>();
      points.add(all.recv(TIMEOUT).point());
      points.add(all.recv(TIMEOUT).point());
      assertThat(points)
          .containsExactly(hosts.pointOfRank(0).toString(), hosts.pointOfRank(1).toString());
      // The selection reached host 0 only.
      assertThat(first.tryRecv()).isNull();
    }
  }

  /** Every Rank of the message is bound to the destination's view rank, on every path. */
  private static void executeRankBinding(Consumer<HyperactorConfig> settings) throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, settings, true)) {
      ValueMesh<Long> ranks =
          m.mesh.<Long>call(m.client, reply -> new GetRank(Rank.unbound(), reply), TIMEOUT).join();
      assertThat(ranks.values().toList()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L).inOrder();
      // On a slice, view ranks count from 0 again.
      var slice = m.mesh.range("gpus", Range.of(2, 4));
      assertThat(slice.<Long>call(m.client, reply -> new GetRank(Rank.unbound(), reply)).join().values().toList())
          .containsExactly(0L, 1L, 2L, 3L)
          .inOrder();
      // The reduction of every rank's rank is reduced on its way up the tree.
      long sum =
          m.mesh
              .reduce(m.client, reply -> new GetRank(Rank.unbound(), reply), Accumulators.sum(), TIMEOUT)
              .join();
      assertThat(sum).isEqualTo(0L + 1 + 2 + 3 + 4 + 5 + 6 + 7);
    }
  }

  @Test
  void ranksAreBoundOnTheTreePath() throws Exception {
    executeRankBinding(tree());
  }

  @Test
  void ranksAreBoundOnThePointToPointPath() throws Exception {
    executeRankBinding(p2p());
  }

  @Test
  void rankBindingWithNativeCastingOff() throws Exception {
    executeRankBinding(v1Off());
  }

  /** Casts and direct sends from one sender reach each actor in the order they were made. */
  @Test
  void castsAndDirectSendsStayInOrderPerDestination() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, tree(), true)) {
      var slice = m.mesh.range("hosts", Range.of(1, 2));
      int n = 300;
      for (int i = 1; i <= n; i++) {
        switch (i % 3) {
          case 0 -> m.mesh.cast(m.client, new Numbered(i));
          case 1 -> {
            for (int rank = 0; rank < EXTENT.numRanks(); rank++) {
              m.client.post(m.mesh.actorId(rank).portId(PortId.HANDLER_INDEX), new Numbered(i));
            }
          }
          default -> {
            // A view of half the mesh, and direct sends to the other half.
            slice.cast(m.client, new Numbered(i));
            for (int rank = 0; rank < 4; rank++) {
              m.client.post(m.mesh.actorId(rank).portId(PortId.HANDLER_INDEX), new Numbered(i));
            }
          }
        }
      }
      ValueMesh<Long> counts = m.mesh.<Long>call(m.client, Report::new, TIMEOUT).join();
      assertThat(new HashSet<>(counts.values().toList())).containsExactly((long) n);
    }
  }

  /**
   * Sequence numbers are per (caster, destination): a cast to a view numbers each destination
   * after everything the caster sent it before, whatever view or mesh that was through.
   */
  @Test
  void sequenceNumbersFollowTheCasterAcrossViews() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(Extent.of("hosts", 3), tree(), true)) {
      UUID session = m.client.instanceId();
      assertSeqs(m, m.mesh, session, Map.of(0, 1L, 1, 1L, 2, 1L));
      assertSeqs(m, m.mesh.range("hosts", Range.of(1, 3)), session, Map.of(1, 2L, 2, 2L));
      assertSeqs(m, m.mesh.range("hosts", Range.of(0, 2)), session, Map.of(0, 2L, 1, 3L));
    }
  }

  @Test
  void eachCasterHasItsOwnSequence() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(Extent.of("hosts", 2), tree(), true)) {
      for (int i = 0; i < 3; i++) {
        var sender = m.system.localProc("sender" + i).instance("client" + i);
        assertSeqs(sender, m, m.mesh, sender.instanceId(), Map.of(0, 1L, 1, 1L));
      }
    }
  }

  private static void assertSeqs(
      LocalCommMesh m,
      io.hyperactor.mesh.ActorMeshRef<Msg> view,
      UUID session,
      Map<Integer, Long> expected)
      throws Exception {
    assertSeqs(m.client, m, view, session, expected);
  }

  private static void assertSeqs(
      io.hyperactor.ClientInstance caster,
      LocalCommMesh m,
      io.hyperactor.mesh.ActorMeshRef<Msg> view,
      UUID session,
      Map<Integer, Long> expected)
      throws Exception {
    PortReceiver<CastInfoReply> infos = caster.openPort();
    view.cast(caster, new GetCastInfo(infos.handle().bind()));
    Map<Integer, Long> seen = new HashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      CastInfoReply info = infos.recv(TIMEOUT);
      SeqInfo.Session seq = CastInfo.parseSeqInfo(info.seqInfo());
      assertThat(seq.sessionId()).isEqualTo(session);
      assertThat(info.sender()).isEqualTo(caster.selfId());
      seen.put(rankOf(m, info.actor()), seq.seq());
    }
    assertThat(seen).isEqualTo(expected);
  }

  private static int rankOf(LocalCommMesh m, ActorId actor) {
    for (int rank = 0; rank < m.procs.size(); rank++) {
      if (m.procs.get(rank).procId().equals(actor.procId())) {
        return rank;
      }
    }
    throw new AssertionError(actor + " is not an actor of the mesh");
  }

  // ------------------------------------------------------------------ undeliverables

  @Test
  void aCastToAStoppedActorComesBackToTheCasterAndTheRestIsDelivered() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, tree(), true)) {
      PortReceiver<Undeliverable> returned = m.client.undeliverables();
      ActorId stopped = m.mesh.actorId(5);
      m.procs.get(5).stopActor(stopped, "test").orElseThrow().get();

      m.mesh.cast(m.client, new Forward("x"));

      assertDelivered(m, "x", EXTENT.numRanks() - 1);
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MULTICAST);
      assertThat(u.envelope().sender()).isEqualTo(m.client.selfId());
      assertThat(u.envelope().dest()).isEqualTo(stopped.portId(PortId.HANDLER_INDEX));
      assertThat(u.envelope().payload()).isEqualTo(new Forward("x"));
      assertThat(returned.tryRecv()).isNull();

      // The caster's sequence to the stopped actor restarted; the others are unaffected.
      m.mesh.cast(m.client, new Forward("y"));
      assertDelivered(m, "y", EXTENT.numRanks() - 1);
      assertThat(returned.recv(TIMEOUT).envelope().dest()).isEqualTo(stopped.portId(PortId.HANDLER_INDEX));
    }
  }

  @Test
  void aCastThroughAGoneCommActorComesBackForEveryDestinationBelowIt() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, tree(), true)) {
      PortReceiver<Undeliverable> returned = m.client.undeliverables();
      // Rank 4's comm actor forwards to ranks 5, 6 and 7.
      m.procs.get(4).stopActor(m.comms.get(4), "test").orElseThrow().get();

      m.mesh.cast(m.client, new Forward("x"));

      assertDelivered(m, "x", 4);
      Set<PortId> dests = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        Undeliverable u = returned.recv(TIMEOUT);
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MULTICAST);
        assertThat(u.error().message()).contains("failed to forward");
        assertThat(u.envelope().sender()).isEqualTo(m.client.selfId());
        assertThat(u.envelope().payload()).isEqualTo(new Forward("x"));
        dests.add(u.envelope().dest());
      }
      assertThat(dests)
          .containsExactly(
              m.mesh.actorId(4).portId(PortId.HANDLER_INDEX),
              m.mesh.actorId(5).portId(PortId.HANDLER_INDEX),
              m.mesh.actorId(6).portId(PortId.HANDLER_INDEX),
              m.mesh.actorId(7).portId(PortId.HANDLER_INDEX));
      assertThat(returned.tryRecv()).isNull();
    }
  }

  @Test
  void aCastTheRootCommActorNeverTookComesBackForEveryDestination() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, tree(), true)) {
      PortReceiver<Undeliverable> returned = m.client.undeliverables();
      m.procs.get(0).stopActor(m.comms.get(0), "test").orElseThrow().get();

      m.mesh.cast(m.client, new Forward("x"));

      Set<PortId> dests = new HashSet<>();
      for (int i = 0; i < EXTENT.numRanks(); i++) {
        Undeliverable u = returned.recv(TIMEOUT);
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MULTICAST);
        assertThat(u.envelope().payload()).isEqualTo(new Forward("x"));
        assertThat(u.envelope().sender()).isEqualTo(m.client.selfId());
        dests.add(u.envelope().dest());
      }
      assertThat(dests).hasSize(EXTENT.numRanks());
      assertThat(returned.tryRecv()).isNull();
      assertThat(m.forwarded.tryRecv()).isNull();
    }
  }

  @Test
  void aReductionWithACopyThatComesBackFailsWithCall() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, tree(), true)) {
      m.procs.get(3).stopActor(m.mesh.actorId(3), "test").orElseThrow().get();

      CompletionException e =
          assertThrows(
              CompletionException.class,
              () ->
                  m.mesh
                      .reduce(m.client, reply -> new GetRank(Rank.unbound(), reply), Accumulators.sum(), TIMEOUT)
                      .join());
      assertThat(e).hasCauseThat().isInstanceOf(MeshException.class);
      assertThat(((MeshException) e.getCause()).kind()).isEqualTo(MeshException.Kind.CALL);
      assertThat(e.getCause()).hasMessageThat().contains("undeliverable");
    }
  }

  private static void assertDelivered(LocalCommMesh m, String text, int count) throws Exception {
    List<Msg> got = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      got.add(m.forwarded.recv(TIMEOUT));
    }
    assertThat(new HashSet<>(got)).containsExactly(new Forward(text));
  }
}
