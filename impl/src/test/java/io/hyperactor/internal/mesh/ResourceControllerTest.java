package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The actor mesh controller against fake proc agents, one per local proc. The controller's own
 * poll loop is kept out of the way (a one-hour period) and polls are driven with explicit {@code
 * CheckState} ticks, so every count is exact; a {@code GetSubscriberCount} after the ticks is the
 * barrier that says they were handled.
 */
class ResourceControllerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int RANKS = 3;

  private ActorSystem system;
  private ClientInstance client;
  private final List<FakeProcAgent> agents = new ArrayList<>();
  private ActorMeshRefImpl<Object> mesh;
  private PortReceiver<Object> owner;
  private PortReceiver<Object> subscriber;
  private ActorHandle<Object> controller;
  private ResourceController<ActorState> actor;

  @BeforeEach
  void setUp() {
    start(Optional.of(Duration.ofSeconds(60)));
  }

  private void start(Optional<Duration> orphanTimeout) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY, Duration.ofHours(1));
    config.set(HyperactorAttrs.GET_ACTOR_STATE_MAX_IDLE, Duration.ofSeconds(5));
    config.set(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE, Duration.ofSeconds(5));
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, orphanTimeout);
    system = ActorSystem.builder().name("controller-test").config(config).build();
    client = system.client();
    Region region = Extent.of("procs", RANKS).region();
    ActorMeshId meshId = ActorMeshId.instance("watched");
    ImmutableList.Builder<ProcRef> refs = ImmutableList.builder();
    for (int rank = 0; rank < RANKS; rank++) {
      Proc proc = system.localProc("procs" + rank);
      refs.add(new ProcRef(proc.procId(), rank));
      FakeProcAgent agent =
          new FakeProcAgent(proc.procId().actorId(meshId.resourceId().toString()), rank);
      agents.add(agent);
      proc.spawn(ProcRef.PROC_AGENT_NAME, agent);
    }
    ProcMeshRefImpl procs =
        new ProcMeshRefImpl(ProcMeshId.instance("procs"), region, refs.build(), null, region, null);
    mesh = new ActorMeshRefImpl<>(meshId, procs);
    owner = client.openPort();
    subscriber = client.openPort();
    actor =
        new ResourceController<>(
            new ActorMeshControlled(mesh),
            "watched",
            PortRef.attest(owner.handle().portId()),
            ValueMesh.fromSingle(region, Status.RUNNING));
    controller = client.spawnWithName("actor_mesh_controller_watched", actor);
    send(new ControllerMessage.Subscribe(PortRef.attest(subscriber.handle().portId())));
  }

  @AfterEach
  void tearDown() {
    system.close();
  }

  private void send(Object message) {
    client.post(controller.actorId().portId(PortId.HANDLER_INDEX), message);
  }

  private void tick() {
    send(new ControllerMessage.CheckState(Instant.now()));
  }

  /** Waits until the controller handled everything sent before; returns the subscriber count. */
  private int barrier() throws Exception {
    PortReceiver<Integer> reply = client.openPort();
    send(new ControllerMessage.GetSubscriberCount(PortRef.attest(reply.handle().portId())));
    int count = reply.recv(WAIT);
    reply.close();
    return count;
  }

  private static List<Object> drain(PortReceiver<Object> port) {
    List<Object> out = new ArrayList<>();
    for (Object m = port.tryRecv(); m != null; m = port.tryRecv()) {
      out.add(m);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private State<MeshState<String>> getState(ResourceId id) throws Exception {
    PortReceiver<Object> reply = client.openPort();
    send(new GetState<MeshState<String>>(id, PortRef.attest(reply.handle().portId())));
    State<MeshState<String>> state = (State<MeshState<String>>) reply.recv(WAIT);
    reply.close();
    return state;
  }

  private ActorSupervisionEvent failed(int rank) {
    return ActorSupervisionEvent.of(
        mesh.actorId(rank), "watched", new ActorStatus.Failed(ActorErrorKind.generic("boom")));
  }

  private static List<SupervisionNotice> notices(List<Object> messages) {
    return messages.stream().map(SupervisionNotice.class::cast).toList();
  }

  @Test
  void healthyMeshSendsOneHeartbeatPerSubscriberPerPollAndNothingToTheOwner() throws Exception {
    tick();
    tick();
    tick();
    assertThat(barrier()).isEqualTo(1);
    List<SupervisionNotice> got = notices(drain(subscriber));
    assertThat(got).hasSize(3);
    assertThat(got.stream().allMatch(SupervisionNotice::isHeartbeat)).isTrue();
    assertThat(drain(owner)).isEmpty();
  }

  @Test
  void failureEventReachesTheOwnerAndEverySubscriber() throws Exception {
    agents.get(1).set(new Status.Failed("boom"), List.of(failed(1)));
    tick();
    barrier();
    List<Object> toOwner = drain(owner);
    assertThat(toOwner).hasSize(1);
    MeshFailure failure = (MeshFailure) toOwner.get(0);
    assertThat(failure.crashedRanks()).containsExactly(1);
    assertThat(failure.actorMeshName()).isEqualTo(mesh.id().toString());
    assertThat(failure.event().actorId()).isEqualTo(mesh.actorId(1));
    assertThat(failure.event().actorStatus()).isEqualTo(failed(1).actorStatus());
    List<SupervisionNotice> got = notices(drain(subscriber));
    assertThat(got).containsExactly(new SupervisionNotice(failure));
  }

  @Test
  void cleanStopEventReachesSubscribersOnly() throws Exception {
    agents.get(2).set(Status.STOPPED, List.of());
    tick();
    barrier();
    assertThat(drain(owner)).isEmpty();
    List<SupervisionNotice> got = notices(drain(subscriber));
    assertThat(got).hasSize(1);
    MeshFailure stop = got.get(0).failure();
    assertThat(stop.crashedRanks()).containsExactly(2);
    assertThat(stop.event().actorStatus()).isInstanceOf(ActorStatus.Stopped.class);
  }

  @Test
  void noHeartbeatsAfterAnyRankIsTerminating() throws Exception {
    agents.get(0).set(new Status.Failed("boom"), List.of(failed(0)));
    tick();
    tick();
    tick();
    barrier();
    List<SupervisionNotice> got = notices(drain(subscriber));
    // The failure once, then nothing: the rank is frozen and no heartbeat follows.
    assertThat(got).hasSize(1);
    assertThat(got.get(0).isHeartbeat()).isFalse();
  }

  @Test
  void pollingStopsWhenEveryRankIsTerminating() throws Exception {
    for (int rank = 0; rank < RANKS; rank++) {
      agents.get(rank).set(new Status.Failed("boom"), List.of(failed(rank)));
    }
    tick();
    barrier();
    int polls = agents.get(0).received.size();
    tick();
    barrier();
    // Monitoring is off: the tick did not poll.
    assertThat(agents.get(0).received.size()).isEqualTo(polls);
    State<MeshState<String>> state = getState(mesh.id().resourceId());
    assertThat(state.status()).isInstanceOf(Status.Failed.class);
  }

  @Test
  void lateSubscriberGetsOneReplayListingEveryReportedRank() throws Exception {
    agents.get(0).set(new Status.Failed("boom"), List.of(failed(0)));
    agents.get(2).set(new Status.Failed("boom"), List.of(failed(2)));
    tick();
    barrier();
    PortReceiver<Object> late = client.openPort();
    send(new ControllerMessage.Subscribe(PortRef.attest(late.handle().portId())));
    assertThat(barrier()).isEqualTo(2);
    List<SupervisionNotice> got = notices(drain(late));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).failure().crashedRanks()).containsExactly(0, 2);
  }

  @Test
  void duplicateSubscribeDoesNotDuplicateEventsAndUnsubscribeRemoves() throws Exception {
    send(new ControllerMessage.Subscribe(PortRef.attest(subscriber.handle().portId())));
    assertThat(barrier()).isEqualTo(1);
    tick();
    barrier();
    assertThat(notices(drain(subscriber))).hasSize(1);
    PortReceiver<Object> unknown = client.openPort();
    send(new ControllerMessage.Unsubscribe(PortRef.attest(unknown.handle().portId())));
    assertThat(barrier()).isEqualTo(1);
    send(new ControllerMessage.Unsubscribe(PortRef.attest(subscriber.handle().portId())));
    assertThat(barrier()).isEqualTo(0);
    tick();
    barrier();
    assertThat(drain(subscriber)).isEmpty();
  }

  @Test
  void bouncedSubscriberMessageRemovesTheSubscriber() throws Exception {
    PortReceiver<Object> gone = client.openPort();
    send(new ControllerMessage.Subscribe(PortRef.attest(gone.handle().portId())));
    assertThat(barrier()).isEqualTo(2);
    gone.close();
    tick();
    // The heartbeat to the closed port comes back; the controller drops that subscriber and lives.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (barrier() != 1) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(controller.status().isTerminal()).isFalse();
  }

  @Test
  void bouncedOwnerNotificationIsDroppedAndTheControllerLives() throws Exception {
    owner.close();
    agents.get(0).set(new Status.Failed("boom"), List.of(failed(0)));
    tick();
    barrier();
    // The failure still reached the subscriber; the bounce from the closed owner port is dropped.
    assertThat(notices(drain(subscriber))).hasSize(1);
    agents.get(1).set(new Status.Failed("boom"), List.of(failed(1)));
    tick();
    barrier();
    assertThat(notices(drain(subscriber))).hasSize(1);
    assertThat(controller.status().isTerminal()).isFalse();
  }

  @Test
  void explicitStopTellsSubscribersOnlyStopsTheAgentsAndIsIdempotent() throws Exception {
    send(new Stop(mesh.id().resourceId(), "test stop"));
    State<MeshState<String>> state = getState(mesh.id().resourceId());
    assertThat(state.status()).isEqualTo(Status.STOPPED);
    assertThat(state.state().statuses().values().allMatch(Status::isTerminating)).isTrue();
    assertThat(drain(owner)).isEmpty();
    List<SupervisionNotice> got = notices(drain(subscriber));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).failure().crashedRanks()).isEmpty();
    assertThat(got.get(0).failure().event().actorStatus().toString())
        .contains("received explicit stop request");
    for (FakeProcAgent agent : agents) {
      List<ResourceMessage> seen = new ArrayList<>(agent.received);
      assertThat(seen.stream().anyMatch(m -> m instanceof Stop)).isTrue();
      assertThat(
              seen.stream()
                  .anyMatch(m -> m instanceof WaitRankStatus w && w.minStatus().equals(Status.STOPPED)))
          .isTrue();
    }
    int before = agents.get(0).received.size();
    send(new Stop(mesh.id().resourceId(), "again"));
    barrier();
    assertThat(agents.get(0).received.size()).isEqualTo(before);
    assertThat(drain(subscriber)).isEmpty();
  }

  @Test
  void controllerCleanupWhileMonitoringStopsTheMesh() throws Exception {
    barrier();
    controller.drainAndStop("owner stopped");
    controller.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    for (FakeProcAgent agent : agents) {
      assertThat(agent.received.stream().anyMatch(m -> m instanceof Stop)).isTrue();
    }
  }

  @Test
  void controllerCleanupAfterStopDoesNotStopTheMeshAgain() throws Exception {
    send(new Stop(mesh.id().resourceId(), "test stop"));
    barrier();
    controller.drainAndStop("owner stopped");
    controller.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    for (FakeProcAgent agent : agents) {
      assertThat(agent.received.stream().filter(m -> m instanceof Stop).count()).isEqualTo(1);
    }
  }

  @Test
  void stallCounterCountsATickMoreThanOnePeriodLate() throws Exception {
    barrier();
    assertThat(actor.stalls()).isEqualTo(0);
    tick();
    barrier();
    assertThat(actor.stalls()).isEqualTo(0);
    send(new ControllerMessage.CheckState(Instant.now().minus(Duration.ofHours(2))));
    barrier();
    assertThat(actor.stalls()).isEqualTo(1);
  }

  @Test
  void eachPollSendsAKeepaliveExpiringAfterTheOrphanTimeout() throws Exception {
    Instant before = Instant.now();
    tick();
    barrier();
    Instant after = Instant.now();
    for (FakeProcAgent agent : agents) {
      KeepaliveGetState<?> keepalive =
          (KeepaliveGetState<?>)
              agent.received.stream().filter(m -> m instanceof KeepaliveGetState<?>).findFirst().orElseThrow();
      assertThat(keepalive.expiresAfter()).isAtLeast(before.plusSeconds(60));
      assertThat(keepalive.expiresAfter()).isAtMost(after.plusSeconds(60));
    }
  }

  @Test
  void eachPollSendsAPlainGetStateWithoutOrphanTimeout() throws Exception {
    system.close();
    agents.clear();
    start(Optional.empty());
    tick();
    barrier();
    for (FakeProcAgent agent : agents) {
      assertThat(agent.received.stream().anyMatch(m -> m instanceof KeepaliveGetState<?>)).isFalse();
      assertThat(agent.received.stream().anyMatch(m -> m instanceof GetState<?>)).isTrue();
    }
  }

  @Test
  void getStateReturnsStatusesByRankWithGenerationZeroAndEchoesTheId() throws Exception {
    agents.get(1).set(new Status.Failed("boom"), List.of(failed(1)));
    tick();
    ResourceId asked = ResourceId.instance("whatever");
    State<MeshState<String>> state = getState(asked);
    assertThat(state.id()).isEqualTo(asked);
    assertThat(state.generation()).isEqualTo(0);
    assertThat(state.state().statuses().region()).isEqualTo(mesh.region());
    assertThat(state.state().statuses().asList())
        .containsExactly(Status.RUNNING, new Status.Failed("boom"), Status.RUNNING)
        .inOrder();
    // A crash is latched: the mesh as a whole reports Failed.
    assertThat(state.status()).isInstanceOf(Status.Failed.class);
  }

  @Test
  void streamedStateOutsideTheRegionIsIgnored() throws Exception {
    barrier();
    assertThat(agents.get(0).awaitStreamSubscriber(WAIT))
        .isEqualTo(controller.actorId().portId(PortId.HANDLER_INDEX));
    ActorId stranger = mesh.actorId(0);
    send(
        new State<>(
            mesh.id().resourceId(),
            new Status.Failed("boom"),
            new ActorState(stranger, RANKS + 5, List.of(failed(0))),
            9,
            Instant.now()));
    barrier();
    assertThat(drain(subscriber)).isEmpty();
    assertThat(drain(owner)).isEmpty();
    // A streamed failure inside the region is reported at once, without a poll.
    send(
        new State<>(
            mesh.id().resourceId(),
            new Status.Failed("boom"),
            new ActorState(mesh.actorId(1), 1, List.of(failed(1))),
            9,
            Instant.now()));
    barrier();
    assertThat(((MeshFailure) drain(owner).get(0)).crashedRanks()).containsExactly(1);
  }

  @Test
  void silentAgentIsReportedUnreachableAtItsRankOnce() throws Exception {
    system.config().set(HyperactorAttrs.GET_ACTOR_STATE_MAX_IDLE, Duration.ofMillis(300));
    agents.get(1).silence();
    Instant before = Instant.now();
    tick();
    barrier();
    List<Object> toOwner = drain(owner);
    assertThat(toOwner).hasSize(1);
    MeshFailure failure = (MeshFailure) toOwner.get(0);
    assertThat(failure.crashedRanks()).containsExactly(1);
    assertThat(failure.event().isError()).isTrue();
    assertThat(failure.event().actorStatus().toString())
        .contains("timed out after PT0.3S waiting for the state of");
    assertThat(failure.event().actorStatus().toString()).contains("its proc agent is unreachable");
    assertThat(failure.event().occurredAt()).isAtLeast(before);
    // The rank is frozen: the next poll, still unanswered, reports nothing new.
    tick();
    barrier();
    assertThat(drain(owner)).isEmpty();
  }
}
