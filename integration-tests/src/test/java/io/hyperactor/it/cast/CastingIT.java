package io.hyperactor.it.cast;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.it.cast.CastMeshActor.CastInfoReply;
import io.hyperactor.it.cast.CastMeshActor.GetCastInfo;
import io.hyperactor.it.cast.CastMeshActor.GetRank;
import io.hyperactor.it.cast.CastMeshActor.Msg;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshRef;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Point;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.resource.Rank;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The casting tests of upstream {@code actor_mesh.rs} and {@code proc_mesh.rs}, on two hosts in
 * forked JVMs with two procs each: casts reach every actor once from the caster, on the tree, the
 * point-to-point and the fallback path; ranks are bound to view ranks on the mesh and on slices;
 * sequence numbers follow the caster across views and meshes.
 */
class CastingIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .perClass()
          .codecs(CastMeshActor::codecs)
          .spawnable(CastMeshActor.KEY, CastMeshActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .build();

  private static ForkedHosts forked;
  private static ProcMesh procs;

  @BeforeAll
  static void startHosts() throws Exception {
    forked = ForkedHosts.start(kit.system(), kit.client(), 2);
    procs = forked.hosts.spawnProcs("workers", Extent.of("gpus", 2)).get(120, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopHosts() {
    if (forked != null) {
      forked.close();
    }
  }

  private static HyperactorConfig config() {
    return kit.system().config();
  }

  private static ActorMesh<Msg> spawn(String name) throws Exception {
    return procs.spawn(name, CastMeshActor.KEY, new CastMeshActor.Params(name)).get(120, TimeUnit.SECONDS);
  }

  /** Every (point, actor) receives the cast exactly once, and the sender is the caster. */
  private static void executeCast() throws Exception {
    ActorMesh<Msg> actors = spawn("test");
    ClientInstance client = kit.client();
    PortReceiver<CastInfoReply> infos = client.openPort();
    actors.cast(client, new GetCastInfo(infos.handle().bind()));
    Set<String> expected = new HashSet<>();
    for (int rank = 0; rank < actors.numRanks(); rank++) {
      expected.add(actors.extent().pointOfRank(rank) + " " + actors.get(rank).orElseThrow().actorId());
    }
    for (int i = 0; i < actors.numRanks(); i++) {
      CastInfoReply info = infos.recv(TIMEOUT);
      assertThat(expected.remove(info.point() + " " + info.actor())).isTrue();
      assertThat(info.sender()).isEqualTo(client.selfId());
    }
    assertThat(expected).isEmpty();
  }

  @Test
  void test_cast() throws Exception {
    executeCast();
  }

  @Test
  void test_cast_p2p() throws Exception {
    try (var threshold = config().override(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD, 1024L)) {
      executeCast();
    }
  }

  @Test
  void test_cast_with_selection_v1_fallback() throws Exception {
    ActorMesh<Msg> actors = spawn("fallback");
    ClientInstance client = kit.client();
    PortReceiver<CastInfoReply> first = client.openPort();
    // 0:1 selects host 0 only.
    actors.cast(client, Selection.parse("0:1"), new GetCastInfo(first.handle().bind()));
    Set<Integer> firstRanks = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      firstRanks.add(Point.parse(first.recv(TIMEOUT).point()).rank());
    }
    assertThat(firstRanks).containsExactly(0, 1);

    PortReceiver<CastInfoReply> all = client.openPort();
    actors.cast(client, new GetCastInfo(all.handle().bind()));
    Set<Integer> allRanks = new HashSet<>();
    for (int i = 0; i < actors.numRanks(); i++) {
      allRanks.add(Point.parse(all.recv(TIMEOUT).point()).rank());
    }
    assertThat(allRanks).containsExactly(0, 1, 2, 3);
    assertThat(first.tryRecv()).isNull();
  }

  /**
   * Upstream {@code assert_mesh_shape}: casting to the mesh and to a slice of its first dimension
   * reaches every actor of each once, with its view rank bound; the rank reduction climbs the tree.
   */
  private static void executeSpawnActor() throws Exception {
    ActorMesh<Msg> actors = spawn("spawned");
    assertCastingCorrectness(actors);
    String label = actors.extent().labels().get(0);
    ActorMeshRef<Msg> half = actors.range(label, Range.of(0, actors.extent().sizes().get(0) / 2));
    assertCastingCorrectness(half);
  }

  private static void assertCastingCorrectness(ActorMeshRef<Msg> mesh) throws Exception {
    ClientInstance client = kit.client();
    List<Long> ranks =
        mesh.<Long>call(client, r -> new GetRank(Rank.unbound(), r), TIMEOUT).get().values().toList();
    List<Long> expected = new ArrayList<>();
    for (long rank = 0; rank < mesh.numRanks(); rank++) {
      expected.add(rank);
    }
    assertThat(ranks).containsExactlyElementsIn(expected).inOrder();
    long sum = mesh.reduce(client, r -> new GetRank(Rank.unbound(), r), Accumulators.sum(), TIMEOUT).get();
    assertThat(sum).isEqualTo(expected.stream().mapToLong(Long::longValue).sum());
    PortReceiver<CastInfoReply> infos = client.openPort();
    mesh.cast(client, new GetCastInfo(infos.handle().bind()));
    Set<String> actors = new HashSet<>();
    for (int i = 0; i < mesh.numRanks(); i++) {
      actors.add(infos.recv(TIMEOUT).actor().toString());
    }
    assertThat(actors).hasSize(mesh.numRanks());
  }

  @Test
  void test_spawn_actor_v1_casting() throws Exception {
    executeSpawnActor();
  }

  @Test
  void test_spawn_actor_v1_casting_p2p() throws Exception {
    try (var threshold = config().override(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD, 1024L)) {
      executeSpawnActor();
    }
  }

  /** Upstream runs this on the v0 path; here native casting off sends every cast point to point. */
  @Test
  void test_spawn_actor_v0_casting() throws Exception {
    try (var v1 = config().override(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, false)) {
      executeSpawnActor();
    }
  }

  /** Casts from one caster to views of one mesh: each actor's numbers continue its own sequence. */
  @Test
  void test_seq_from_same_sender_to_different_views() throws Exception {
    ActorMesh<Msg> actors = spawn("views");
    ClientInstance caster = kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), "views-caster").instance("caster");
    UUID session = caster.instanceId();
    String label = actors.extent().labels().get(0);
    assertSeqs(caster, actors, session, Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L));
    assertSeqs(caster, actors.range(label, Range.of(1, 2)), session, Map.of(2, 2L, 3, 2L));
    assertSeqs(caster, actors, session, Map.of(0, 2L, 1, 2L, 2, 3L, 3, 3L));
  }

  /** Casts to different meshes from one caster: sequences are per destination, so each starts at 1. */
  @Test
  void test_seq_from_same_sender_to_different_meshes() throws Exception {
    ClientInstance caster = kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), "meshes-caster").instance("caster");
    for (int i = 0; i < 3; i++) {
      assertSeqs(caster, spawn("mesh" + i), caster.instanceId(), Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L));
    }
  }

  /** Casts from different callers: each caster has its own session and sequence. */
  @Test
  void test_seq_from_different_senders() throws Exception {
    ActorMesh<Msg> actors = spawn("senders");
    for (int i = 0; i < 3; i++) {
      ClientInstance caster = kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), "sender" + i).instance("caster");
      assertSeqs(caster, actors, caster.instanceId(), Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L));
    }
  }

  /** Casts to {@code view} and checks each actor's (root rank) sequence number from the caster. */
  private static void assertSeqs(
      ClientInstance caster, ActorMeshRef<Msg> view, UUID session, Map<Integer, Long> expected)
      throws Exception {
    PortReceiver<CastInfoReply> infos = caster.openPort();
    view.cast(caster, new GetCastInfo(infos.handle().bind()));
    Map<String, Long> seen = new HashMap<>();
    for (int i = 0; i < view.numRanks(); i++) {
      CastInfoReply info = infos.recv(TIMEOUT);
      var seq = CastInfo.parseSeqInfo(info.seqInfo());
      assertThat(seq.sessionId()).isEqualTo(session);
      assertThat(info.sender()).isEqualTo(caster.selfId());
      seen.put(info.actor().toString(), seq.seq());
    }
    Map<String, Long> want = new HashMap<>();
    expected.forEach((rank, seq) -> want.put(rootActor(view, rank), seq));
    assertThat(seen).isEqualTo(want);
    assertThat(infos.tryRecv()).isNull();
  }

  /** The id of the actor of {@code view}'s mesh at root rank {@code rank}. */
  private static String rootActor(ActorMeshRef<Msg> view, int rank) {
    return procs.get(rank).orElseThrow().procId().actorId(view.id().resourceId().toString()).toString();
  }
}
