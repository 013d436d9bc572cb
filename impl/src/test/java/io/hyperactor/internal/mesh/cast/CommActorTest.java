package io.hyperactor.internal.mesh.cast;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.AccumPortReceiver;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.SeqInfo;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.CastSupport;
import io.hyperactor.internal.mesh.cast.CastTestActor.CastAndReply;
import io.hyperactor.internal.mesh.cast.CastTestActor.CastAndReplyOnce;
import io.hyperactor.internal.mesh.cast.CastTestActor.CastWithUnsplitPort;
import io.hyperactor.internal.mesh.cast.CastTestActor.Forward;
import io.hyperactor.internal.mesh.cast.CastTestActor.MyReply;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.mesh.routing.RoutingFrame;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Ports of upstream {@code comm.rs}: pre-config buffering, and casts through the comm tree (and
 * point to point) with their replies split, reduced and ordered. The mesh is 2 x 4 local procs, so
 * the tree has two levels below the root.
 */
class CommActorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Extent EXTENT = Extent.of("hosts", 2, "gpus", 4);

  private static Consumer<HyperactorConfig> native_() {
    return c -> {
      c.set(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, true);
      c.set(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER, true);
    };
  }

  private static Consumer<HyperactorConfig> p2p() {
    return native_().andThen(c -> c.set(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD, 1024L));
  }

  // ------------------------------------------------------------------ pre-config buffering

  @Test
  void castBeforeConfigIsBufferedAndReplayed() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(Extent.of("rank", 1), native_(), false)) {
      m.mesh.cast(m.client, new Forward("buffered"));
      m.configureComms();
      m.mesh.cast(m.client, new Forward("direct"));

      assertThat(m.forwarded.recv(TIMEOUT)).isEqualTo(new Forward("buffered"));
      assertThat(m.forwarded.recv(TIMEOUT)).isEqualTo(new Forward("direct"));
    }
  }

  @Test
  void forwardV1BeforeConfigIsBufferedAndReplayed() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(Extent.of("rank", 1), native_(), false)) {
      PortId comm = m.comms.get(0).portId(PortId.HANDLER_INDEX);
      m.client.post(comm, forward(m, "buffered"));
      m.configureComms();
      m.client.post(comm, forward(m, "direct"));

      assertThat(m.forwarded.recv(TIMEOUT)).isEqualTo(new Forward("buffered"));
      assertThat(m.forwarded.recv(TIMEOUT)).isEqualTo(new Forward("direct"));
    }
  }

  /** A forward of {@code text} to the only actor, numbered from the client's sequence. */
  private static ForwardMessageV1 forward(LocalCommMesh m, String text) {
    Region region = m.mesh.region();
    SeqInfo.Session seq =
        (SeqInfo.Session)
            CastSupport.assignSeq(m.client, m.mesh.actorId(0).portId(PortId.HANDLER_INDEX));
    CastMessageV1 cast =
        new CastMessageV1(
            ImmutableMap.of(),
            m.client.selfId(),
            seq.sessionId(),
            ImmutableList.of(seq.seq()),
            ImmutableMap.of(),
            region,
            m.mesh.actorName(),
            new Forward(text));
    return new ForwardMessageV1(
        ImmutableList.of(FrameWire.of(RoutingFrame.root(Selection.all(), region.slice()))), cast);
  }

  // ------------------------------------------------------------------ cast and reply

  /**
   * On the tree path every delivered reply port is a split port of a comm actor, and following each
   * up to the caster's port walks the routing tree of the cast backwards: from the destination's
   * comm actor, or, for a leaf, from its parent's, which delivered it.
   */
  private static void verifySplitPortPaths(LocalCommMesh m, List<PortRef<?>> delivered, PortId root) {
    Map<ActorId, Integer> rankOfComm = new HashMap<>();
    for (int rank = 0; rank < m.comms.size(); rank++) {
      rankOfComm.put(m.comms.get(rank), rank);
    }
    List<List<Integer>> splitPaths = new ArrayList<>();
    for (PortRef<?> port : delivered) {
      List<Integer> path = new ArrayList<>();
      PortId at = port.portId();
      while (!at.equals(root)) {
        Integer rank = rankOfComm.get(at.actorId());
        assertThat(rank).isNotNull();
        path.add(0, rank);
        Optional<PortId> parent = CastSupport.splitParent(m.procs.get(rank), at);
        assertThat(parent).isPresent();
        at = parent.get();
      }
      splitPaths.add(path);
    }
    // The routing tree: the ranks each destination's cast passed through, root first.
    Map<Integer, List<Integer>> routing = new LinkedHashMap<>();
    RoutingFrame rootFrame = RoutingFrame.root(Selection.all(), EXTENT.toSlice());
    for (int rank = 0; rank < EXTENT.numRanks(); rank++) {
      List<Integer> hops = new ArrayList<>();
      for (List<Integer> coords : rootFrame.traceRoute(toArray(EXTENT.pointOfRank(rank).coords())).orElseThrow()) {
        int location = EXTENT.toSlice().location(coords);
        if (hops.isEmpty() || hops.get(hops.size() - 1) != location) {
          hops.add(location);
        }
      }
      routing.put(rank, hops);
    }
    // A leaf (a rank that forwards to no one) is delivered by its parent's comm actor, with the
    // parent's split port: its path ends one hop early.
    Set<Integer> forwarders = new HashSet<>();
    for (List<Integer> hops : routing.values()) {
      forwarders.addAll(hops.subList(0, hops.size() - 1));
    }
    for (Map.Entry<Integer, List<Integer>> route : routing.entrySet()) {
      List<Integer> hops = route.getValue();
      if (hops.size() > 1 && !forwarders.contains(route.getKey())) {
        route.setValue(hops.subList(0, hops.size() - 1));
      }
    }
    assertThat(splitPaths).containsExactlyElementsIn(routing.values());
  }

  private static int[] toArray(List<Integer> coords) {
    return coords.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Casts {@code CastAndReply} to the mesh and returns what every destination received. */
  private static List<CastAndReply> castAndCollect(
      LocalCommMesh m, boolean tree, PortRef<String> ref0, PortRef<Long> ref1, PortRef<MyReply> ref2)
      throws Exception {
    m.mesh.cast(m.client, new CastAndReply("abc", ref0, ref1, ref2));
    List<CastAndReply> delivered = new ArrayList<>();
    for (int i = 0; i < EXTENT.numRanks(); i++) {
      CastAndReply c = (CastAndReply) m.forwarded.recv(TIMEOUT);
      assertThat(c.arg()).isEqualTo("abc");
      // The unsplit port is the caster's own; the others were replaced by split ports.
      assertThat(c.replyTo0()).isEqualTo(ref0);
      assertThat(c.replyTo1()).isNotEqualTo(ref1);
      assertThat(c.replyTo2()).isNotEqualTo(ref2);
      delivered.add(c);
    }
    if (tree) {
      List<PortRef<?>> ports1 = new ArrayList<>();
      List<PortRef<?>> ports2 = new ArrayList<>();
      for (CastAndReply c : delivered) {
        assertThat(c.replyTo1().portId().actorId().name()).isEqualTo(CommActor.NAME);
        assertThat(c.replyTo2().portId().actorId().name()).isEqualTo(CommActor.NAME);
        ports1.add(c.replyTo1());
        ports2.add(c.replyTo2());
      }
      verifySplitPortPaths(m, ports1, ref1.portId());
      verifySplitPortPaths(m, ports2, ref2.portId());
    }
    return delivered;
  }

  private static void executeCastAndReplyV1(Consumer<HyperactorConfig> settings, boolean tree)
      throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, settings, true)) {
      PortReceiver<String> reply0 = m.client.openPort();
      PortReceiver<Long> reply1 = m.client.openPort();
      PortReceiver<MyReply> reply2 = m.client.openPort();
      List<CastAndReply> delivered =
          castAndCollect(
              m, tree, reply0.handle().bind(), reply1.handle().bind(), reply2.handle().bind());

      // One reply from every destination, each received before the next is sent.
      for (int rank = 0; rank < delivered.size(); rank++) {
        MyReply reply = new MyReply(m.mesh.actorId(rank), rank);
        delivered.get(rank).replyTo1().send(m.client, (long) rank);
        delivered.get(rank).replyTo2().send(m.client, reply);
        assertThat(reply1.recv(TIMEOUT)).isEqualTo((long) rank);
        assertThat(reply2.recv(TIMEOUT)).isEqualTo(reply);
      }
      // Then 100 replies from each: those of one destination arrive in the order they were sent.
      int n = 100;
      Map<ActorId, List<MyReply>> expected = new HashMap<>();
      for (int rank = 0; rank < delivered.size(); rank++) {
        ActorId actor = m.mesh.actorId(rank);
        List<MyReply> sent = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          MyReply reply = new MyReply(actor, rank * 100L + j);
          delivered.get(rank).replyTo2().send(m.client, reply);
          sent.add(reply);
        }
        expected.put(actor, sent);
      }
      Map<ActorId, List<MyReply>> received = new HashMap<>();
      for (int i = 0; i < n * delivered.size(); i++) {
        MyReply reply = reply2.recv(TIMEOUT);
        received.computeIfAbsent(reply.sender(), a -> new ArrayList<>()).add(reply);
      }
      assertThat(received).isEqualTo(expected);
    }
  }

  @Test
  void testCastAndReplyV1Native() throws Exception {
    executeCastAndReplyV1(native_(), true);
  }

  @Test
  void testCastAndReplyV1NativeP2p() throws Exception {
    executeCastAndReplyV1(p2p(), false);
  }

  // ------------------------------------------------------------------ cast and accumulate

  /**
   * Every destination sends 100 updates to its split copy of a sum accumulator's port: the exact
   * total arrives, and nothing after it.
   */
  private static void executeCastAndAccumV1(Consumer<HyperactorConfig> settings, boolean tree)
      throws Exception {
    Consumer<HyperactorConfig> flushEveryUpdate =
        settings.andThen(c -> c.set(HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE, 1L));
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, flushEveryUpdate, true)) {
      PortReceiver<String> reply0 = m.client.openPort();
      AccumPortReceiver<Long, Long> sum = m.client.openAccumPort(Accumulators.sum());
      PortReceiver<MyReply> reply2 = m.client.openPort();
      List<CastAndReply> delivered =
          castAndCollect(
              m, tree, reply0.handle().bind(), sum.handle().bind(), reply2.handle().bind());

      long expected = 0;
      for (int rank = 0; rank < delivered.size(); rank++) {
        for (int j = 0; j < 100; j++) {
          long value = rank + j;
          delivered.get(rank).replyTo1().send(m.client, value);
          expected += value;
        }
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long state = -1;
      while (state != expected && System.nanoTime() < deadline) {
        state = sum.recv(TIMEOUT);
        assertThat(state).isAtMost(expected);
      }
      assertThat(state).isEqualTo(expected);
      // Split ports flush within split_max_buffer_age (50 ms) of their last update: ten times that
      // later, nothing more has come.
      Thread.sleep(500);
      assertThat(sum.tryRecv()).isNull();
    }
  }

  @Test
  void testCastAndAccumV1Native() throws Exception {
    executeCastAndAccumV1(native_(), true);
  }

  @Test
  void testCastAndAccumV1NativeP2p() throws Exception {
    executeCastAndAccumV1(p2p(), false);
  }

  // ------------------------------------------------------------------ once ports

  /** Casts {@code CastAndReplyOnce} and returns the port every destination received. */
  private static List<OncePortRef<Long>> castOnce(LocalCommMesh m, OncePortRef<Long> reply, boolean tree)
      throws Exception {
    m.mesh.cast(m.client, new CastAndReplyOnce("abc", reply));
    List<OncePortRef<Long>> replyTos = new ArrayList<>();
    for (int i = 0; i < EXTENT.numRanks(); i++) {
      CastAndReplyOnce c = (CastAndReplyOnce) m.forwarded.recv(TIMEOUT);
      assertThat(c.arg()).isEqualTo("abc");
      if (reply.reducer().isPresent()) {
        assertThat(c.replyTo()).isNotEqualTo(reply);
        if (tree) {
          assertThat(c.replyTo().portId().actorId().name()).isEqualTo(CommActor.NAME);
        }
      } else {
        assertThat(c.replyTo()).isEqualTo(reply);
      }
      replyTos.add(c.replyTo());
    }
    return replyTos;
  }

  /** An unreduced once port is shared by every destination: only the first reply arrives. */
  private static void executeCastAndReplyOnceV1(Consumer<HyperactorConfig> settings)
      throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, settings, true)) {
      PortReceiver<io.hyperactor.Undeliverable> returned = m.client.undeliverables();
      OncePortReceiver<Long> reply = m.client.openOncePort();
      List<OncePortRef<Long>> replyTos = castOnce(m, reply.handle().bind(), false);
      for (int i = 0; i < replyTos.size(); i++) {
        replyTos.get(i).send(m.client, (long) i);
      }
      assertThat(reply.recv(TIMEOUT)).isLessThan((long) replyTos.size());
      // The other replies find the port used, and come back to their sender.
      for (int i = 1; i < replyTos.size(); i++) {
        assertThat(returned.recv(TIMEOUT).envelope().dest()).isEqualTo(reply.handle().portId());
      }
    }
  }

  @Test
  void testCastAndReplyOnceV1() throws Exception {
    executeCastAndReplyOnceV1(native_());
  }

  @Test
  void testCastAndReplyOnceV1P2p() throws Exception {
    executeCastAndReplyOnceV1(p2p());
  }

  /** A reduce port is split once per hop: the sum of every destination's reply arrives, once. */
  private static void executeCastAndAccumOnceV1(Consumer<HyperactorConfig> settings, boolean tree)
      throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, settings, true)) {
      OncePortReceiver<Long> reply = m.client.openReducePort(Accumulators.sum());
      List<OncePortRef<Long>> replyTos = castOnce(m, reply.handle().bind(), tree);
      long expected = 0;
      for (int i = 0; i < replyTos.size(); i++) {
        replyTos.get(i).send(m.client, (long) i);
        expected += i;
      }
      assertThat(reply.recv(TIMEOUT)).isEqualTo(expected);
    }
  }

  @Test
  void testCastAndAccumOnceV1() throws Exception {
    executeCastAndAccumOnceV1(native_(), true);
  }

  @Test
  void testCastAndAccumOnceV1P2p() throws Exception {
    executeCastAndAccumOnceV1(p2p(), false);
  }

  @Test
  void testUnsplitPortNotSplit() throws Exception {
    try (LocalCommMesh m = new LocalCommMesh(EXTENT, native_(), true)) {
      PortReceiver<Long> reply = m.client.openPort();
      PortRef<Long> ref = reply.handle().bind();
      m.mesh.cast(m.client, new CastWithUnsplitPort(ref));
      for (int i = 0; i < EXTENT.numRanks(); i++) {
        CastWithUnsplitPort c = (CastWithUnsplitPort) m.forwarded.recv(TIMEOUT);
        assertThat(c.replyTo()).isEqualTo(ref);
      }
      // Every actor replied straight to the caster's port.
      for (int i = 0; i < EXTENT.numRanks(); i++) {
        assertThat(reply.recv(TIMEOUT)).isEqualTo(42L);
      }
    }
  }
}
