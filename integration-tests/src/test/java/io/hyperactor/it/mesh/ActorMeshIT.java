package io.hyperactor.it.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshRef;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ProcMeshRef;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.HostProcessOptions;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proc and actor meshes on forked host JVMs, as upstream's {@code proc_mesh.rs} and {@code
 * actor_mesh.rs} test them. One host mesh of two host JVMs and one proc mesh {@code {hosts: 2,
 * gpus: 2}} serve the class; tests that fail or end procs spawn procs of their own.
 *
 * <p>Upstream's supervision-stream assertions ({@code next_supervision_event}, the controller's
 * {@code MeshFailure}s) belong to the mesh controllers; here the same failures are observed in the
 * actor and proc states the agents report.
 */
class ActorMeshIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .perClass()
          .codecs(MeshItActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE, Duration.ofSeconds(120)))
          .build();

  private static HostMesh hosts;
  private static ProcMesh procs;

  @BeforeAll
  static void startMeshes() throws Exception {
    hosts =
        await(
            HostMeshes.process(
                kit.system(),
                2,
                HostProcessOptions.defaults()
                    .withHostMainClass(MeshItMains.Host.class.getName())
                    .withProcMainClass(MeshItMains.Proc.class.getName())));
    procs = await(hosts.spawnProcs("test", Extent.of("gpus", 2)));
  }

  @AfterAll
  static void stopMeshes() {
    if (hosts != null) {
      hosts.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ActorMesh<MeshItActor.Msg> spawn(ProcMeshRef on, String name) throws Exception {
    return await(on.spawn(kit.client(), name, MeshItActor.KEY, MeshItActor.Params.NORMAL));
  }

  /** A proc mesh of one proc on host 0, for a test that fails or ends it. */
  private static ProcMesh ownProc(String name) throws Exception {
    return await(hosts.range("hosts", 0).spawnProcs(kit.client(), name, Extent.unity()));
  }

  /**
   * Casts a report request to {@code actors} and checks that every actor of the mesh, and no other,
   * answered exactly once.
   */
  private static void assertCastingCorrectness(ActorMeshRef<MeshItActor.Msg> actors) throws Exception {
    PortReceiver<String> replies = kit.client().openPort(String.class);
    PortRef<String> to = replies.handle().bind();
    actors.cast(kit.client(), new MeshItActor.Report(Rank.unbound(), to));
    Set<String> expected = new HashSet<>();
    actors.values().forEach(ref -> expected.add(ref.actorId().toString()));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < actors.numRanks(); i++) {
      String reply = replies.recv(TIMEOUT);
      assertThat(seen.add(reply.substring(0, reply.indexOf('#')))).isTrue();
    }
    assertThat(seen).isEqualTo(expected);
    assertThat(replies.tryRecv()).isNull();
    replies.close();
  }

  /** Every actor of the mesh runs, created with its view rank: the spawn bound each rank. */
  private static void assertMeshShape(ActorMesh<MeshItActor.Msg> actors) throws Exception {
    ValueMesh<State<ActorState>> states = await(actors.states(kit.client()));
    for (int rank = 0; rank < actors.numRanks(); rank++) {
      State<ActorState> state = states.get(rank).orElseThrow();
      assertThat(state.status()).isEqualTo(Status.RUNNING);
      ActorState actor = state.payload().orElseThrow();
      assertThat(actor.createRank()).isEqualTo(rank);
      assertThat(actor.actorId()).isEqualTo(actors.get(rank).orElseThrow().actorId());
    }
    assertCastingCorrectness(actors);
    String label = actors.extent().labels().get(0);
    int half = actors.extent().sizes().get(0) / 2;
    assertCastingCorrectness(actors.range(label, Range.of(0, half)));
  }

  private void executeSpawnActor(String name) throws Exception {
    ActorMesh<MeshItActor.Msg> actors = spawn(procs, name);
    assertThat(actors.extent()).isEqualTo(Extent.of("hosts", 2, "gpus", 2));
    assertMeshShape(actors);
    await(actors.stop("done"));
  }

  @Test
  void testSpawnActorV1Casting() throws Exception {
    try (ScopedOverride v1 = kit.system().config().override(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, true);
        ScopedOverride reorder =
            kit.system().config().override(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER, true)) {
      executeSpawnActor("v1");
    }
  }

  @Test
  void testSpawnActorV1CastingP2p() throws Exception {
    try (ScopedOverride v1 = kit.system().config().override(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, true);
        ScopedOverride p2p =
            kit.system().config().override(HyperactorAttrs.V1_CAST_POINT_TO_POINT_THRESHOLD, 1024L)) {
      executeSpawnActor("p2p");
    }
  }

  @Test
  void testSpawnActorV0Casting() throws Exception {
    try (ScopedOverride v0 = kit.system().config().override(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, false)) {
      executeSpawnActor("v0");
    }
  }

  @Test
  void testFailingSpawnActor() throws Exception {
    ProcMesh own = ownProc("failing");
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> await(own.spawn("testfail", MeshItActor.KEY, new MeshItActor.Params("test failure"))));
    MeshException failure = (MeshException) e.getCause();
    assertThat(failure.kind()).isEqualTo(MeshException.Kind.ACTOR_SPAWN);
    ValueMesh<Status> statuses = failure.statuses().orElseThrow();
    assertThat(statuses.numRanks()).isEqualTo(1);
    Status status = statuses.get(0).orElseThrow();
    assertThat(status).isInstanceOf(Status.Failed.class);
    assertThat(((Status.Failed) status).message()).contains("test failure");
    await(own.stop("done"));
  }

  @Test
  void testActorMeshRefLazyMaterialization() throws Exception {
    ActorMesh<MeshItActor.Msg> am = spawn(procs, "lazy");
    ActorMeshRef<MeshItActor.Msg> amr = am.ref();
    assertThat(amr.extent()).isEqualTo(Extent.of("hosts", 2, "gpus", 2));
    assertThat(amr.region().numRanks()).isEqualTo(4);
    // Refs are made when asked for: the same rank gives the same actor, ranks differ.
    assertThat(amr.get(0)).isEqualTo(amr.get(0));
    assertThat(amr.get(1)).isNotEqualTo(amr.get(0));
    assertThat(amr.get(2)).isNotEqualTo(amr.get(0));
    assertThat(amr.get(4)).isEmpty();

    ActorMeshRef<MeshItActor.Msg> sliced = amr.range("hosts", Range.of(0, 2));
    assertThat(sliced.region().numRanks()).isEqualTo(4);
    assertThat(sliced.get(2)).isEqualTo(amr.get(2));
    assertThat(new HashSet<>(List.of(amr, amr.range("hosts", Range.of(0, 2))))).hasSize(1);

    ActorRef<MeshItActor.Msg> first = amr.get(0).orElseThrow();
    ActorRef<MeshItActor.Msg> last = amr.get(3).orElseThrow();
    String idA = await(first.<String>ask(kit.client(), MeshItActor.WhoAmI::new, TIMEOUT));
    String idB = await(last.<String>ask(kit.client(), MeshItActor.WhoAmI::new, TIMEOUT));
    assertThat(idA).isNotEqualTo(idB);
    assertThat(idA).isEqualTo(first.actorId().toString());
    assertThat(idB).isEqualTo(last.actorId().toString());
    await(am.stop("done"));
  }

  /** Polls the mesh's states until {@code rank} is no longer running, within the test's bound. */
  private static State<ActorState> awaitNotRunning(ActorMeshRef<MeshItActor.Msg> actors, int rank)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      State<ActorState> state = await(actors.states(kit.client())).get(rank).orElseThrow();
      if (!state.status().equals(Status.RUNNING)) {
        return state;
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void testActorStatesWithPanic() throws Exception {
    ProcMesh own = ownProc("panic");
    ActorMesh<MeshItActor.Msg> actors = spawn(own, "child");
    actors.cast(kit.client(), new MeshItActor.Fail("panic for testing"));

    State<ActorState> state = awaitNotRunning(actors, 0);
    assertThat(state.status()).isInstanceOf(Status.Failed.class);
    assertThat(((Status.Failed) state.status()).message()).contains("panic for testing");
    ActorState actor = state.payload().orElseThrow();
    assertThat(actor.actorId().name()).startsWith(actors.id().label());
    assertThat(actor.supervisionEvents()).hasSize(1);
    ActorStatus status = actor.supervisionEvents().get(0).actorStatus();
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString()).contains("panic for testing");
    await(own.stop("done"));
  }

  @Test
  void testActorStatesWithProcessExit() throws Exception {
    try (ScopedOverride idle =
        kit.system().config().override(HyperactorAttrs.GET_ACTOR_STATE_MAX_IDLE, Duration.ofSeconds(1))) {
      ProcMesh own = ownProc("exit");
      ActorMesh<MeshItActor.Msg> actors = spawn(own, "child");
      actors.cast(kit.client(), new MeshItActor.Exit(1));

      // The host reports the proc's exit with its code.
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      State<ProcState> proc;
      while (true) {
        proc = await(own.procStates(kit.client())).get(0).orElseThrow();
        if (proc.status().isTerminated()) {
          break;
        }
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(100);
      }
      ProcStatus exited = proc.payload().orElseThrow().processStatus().orElseThrow();
      assertThat(exited).isInstanceOf(ProcStatus.Stopped.class);
      assertThat(((ProcStatus.Stopped) exited).exitCode()).isEqualTo(1);

      // Its actors' states are a failure now: their agent is gone with the process.
      State<ActorState> actor = await(actors.states(kit.client())).get(0).orElseThrow();
      assertThat(actor.status().isFailure()).isTrue();
      assertThat(actor.status().toString()).contains("likely crashed");
    }
  }

  @Test
  void testActorStatesOnSlicedMesh() throws Exception {
    ActorMesh<MeshItActor.Msg> actors = spawn(procs, "sliced");
    ActorMeshRef<MeshItActor.Msg> sliced = actors.range("hosts", Range.of(1, 2));
    assertThat(sliced.numRanks()).isEqualTo(2);
    ValueMesh<State<ActorState>> states = await(sliced.states(kit.client()));
    assertThat(states.region()).isEqualTo(sliced.region());
    for (int rank = 0; rank < 2; rank++) {
      ActorState actor = states.get(rank).orElseThrow().payload().orElseThrow();
      assertThat(actor.actorId()).isEqualTo(sliced.get(rank).orElseThrow().actorId());
      // Created with its rank in the whole mesh: host 1's actors are ranks 2 and 3.
      assertThat(actor.createRank()).isEqualTo(2 + rank);
    }
    ValueMesh<Status> stopped = await(actors.stop("done"));
    assertThat(stopped.values().toList()).containsExactly(Status.STOPPED, Status.STOPPED, Status.STOPPED, Status.STOPPED);
  }

  @Test
  void testUndeliverableMessageReturn() throws Exception {
    ActorMesh<MeshItActor.Msg> pong = spawn(procs.range("hosts", 1).range("gpus", 0), "pong");
    ActorRef<MeshItActor.Msg> pongRef = pong.get(0).orElseThrow();
    assertThat(await(pongRef.<String>ask(kit.client(), MeshItActor.WhoAmI::new, TIMEOUT)))
        .isEqualTo(pongRef.actorId().toString());
    await(pong.stop("test stop"));

    try (ClientInstance sender = kit.client().child()) {
      // Returned messages are collected from here on; before that a client only logs them.
      PortReceiver<Undeliverable> returns = sender.undeliverables();
      PortRef<String> nobody = sender.openPort(String.class).handle().bind();
      int n = 100;
      for (int i = 0; i < n; i++) {
        pong.cast(sender, new MeshItActor.Sleep(Duration.ofMillis(i), nobody));
      }
      // Each copy comes back as its last hop had it: its port split by the comm actor, so the
      // casts are told apart by their durations.
      Set<Duration> returnedDurations = new HashSet<>();
      for (int i = 0; i < n; i++) {
        Undeliverable returned;
        try {
          returned = returns.recv(TIMEOUT);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError(
              "only " + returnedDurations.size() + " of " + n + " casts came back: " + returnedDurations, e);
        }
        assertThat(returned.envelope().dest().actorId()).isEqualTo(pongRef.actorId());
        assertThat(returned.envelope().payload()).isInstanceOf(MeshItActor.Sleep.class);
        Duration duration = ((MeshItActor.Sleep) returned.envelope().payload()).duration();
        assertThat(returnedDurations.add(duration)).isTrue();
      }
      Set<Duration> sent = new HashSet<>();
      for (int i = 0; i < n; i++) {
        sent.add(Duration.ofMillis(i));
      }
      assertThat(returnedDurations).isEqualTo(sent);
    }
  }

  @Test
  void testActorMeshStopTimeout() throws Exception {
    ActorMesh<MeshItActor.Msg> sleepers = spawn(procs, "sleepers");
    try (ScopedOverride idle =
        kit.system().config().override(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE, Duration.ofSeconds(1))) {
      PortReceiver<String> started = kit.client().openPort(String.class);
      // Handlers far longer than the idle limit: the stop must give up on them, not wait them out.
      Duration handler = Duration.ofSeconds(20);
      sleepers.cast(kit.client(), new MeshItActor.Sleep(handler, started.handle().bind()));
      // Every actor is inside its 5 s handler before the stop is asked.
      for (int i = 0; i < sleepers.numRanks(); i++) {
        started.recv(TIMEOUT);
      }
      started.close();
      long start = System.nanoTime();
      CompletableFuture<ValueMesh<Status>> stop = sleepers.stop("test stop");
      ExecutionException e = assertThrows(ExecutionException.class, () -> await(stop));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      MeshException failure = (MeshException) e.getCause();
      assertThat(failure.kind()).isEqualTo(MeshException.Kind.ACTOR_STOP);
      assertThat(failure).hasMessageThat().contains("Timeout");
      // It waited out the idle limit (1 s), and came back before the handlers ended.
      assertThat(took).isAtLeast(Duration.ofMillis(900));
      assertThat(took).isLessThan(handler);
      assertThat(sleepers.failure().orElseThrow().event().actorStatus().toString())
          .contains("mesh stop failed");
    }
  }

  @Test
  void testActorMeshStopGraceful() throws Exception {
    ActorMesh<MeshItActor.Msg> actors = spawn(procs, "test_actors");
    ActorMeshRef<MeshItActor.Msg> meshRef = actors.ref();
    assertThat(actors.failure()).isEmpty();
    // A stop succeeds only when every actor confirmed its end: one that ran out the idle limit
    // would fail it with ACTOR_STOP.
    ValueMesh<Status> statuses = await(actors.stop("test stop"));
    assertThat(statuses.values().allMatch(s -> s.equals(Status.STOPPED))).isTrue();
    MeshFailure failure = actors.failure().orElseThrow();
    assertThat(failure.crashedRanks()).isEmpty();
    assertThat(failure.toString()).contains("mesh stopped");
    // The ref's actors report their stop too.
    for (State<ActorState> state : await(meshRef.states(kit.client())).values().toList()) {
      assertThat(state.status()).isEqualTo(Status.STOPPED);
    }
  }
}
