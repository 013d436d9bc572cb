package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * An actor mesh as its controller sees it: the proc agents are asked for the actors' states, the
 * host agents for the procs' states.
 */
final class ActorMeshControlled implements Controlled<ActorState> {
  static final String STALL_METRIC = "actor.actor_mesh_controller.num_stalls";

  private final ActorMeshRefImpl<?> mesh;
  private final List<Integer> createRanks;
  // The last query error reported, so a failing query is reported once, not on every poll.
  private @Nullable String lastQueryError;

  ActorMeshControlled(ActorMeshRefImpl<?> mesh) {
    this.mesh = checkNotNull(mesh, "mesh");
    this.createRanks = mesh.createRanks();
  }

  @Override
  public ResourceId id() {
    return mesh.id().resourceId();
  }

  @Override
  public String meshName() {
    return mesh.id().toString();
  }

  @Override
  public Region region() {
    return mesh.region();
  }

  @Override
  public String stallMetric() {
    return STALL_METRIC;
  }

  @Override
  public void subscribeToStream(Instance<?> cx, PortRef<State<ActorState>> subscriber) {
    for (var proc : mesh.procMesh().procs()) {
      cx.post(
          proc.agentId().portId(PortId.HANDLER_INDEX),
          new StreamState<ActorState>(id(), subscriber));
    }
  }

  @Override
  public void forwardWaitRankStatus(Instance<?> cx, WaitRankStatus wait) {
    for (var proc : mesh.procMesh().procs()) {
      cx.post(proc.agentId().portId(PortId.HANDLER_INDEX), wait);
    }
  }

  @Override
  public PollResult pollStates(
      Instance<?> cx, String displayName, HealthState health, ControllerNotifier notifier)
      throws InterruptedException {
    boolean notified = false;
    if (mesh.procMesh().hosts() != null) {
      ValueMesh<State<ProcState>> procs;
      try {
        procs = MeshStates.procStates(cx, mesh.procMesh()).get();
      } catch (ExecutionException e) {
        reportQueryError("unable to query for proc states: " + cause(e), null, notifier);
        return new PollResult.Reschedule();
      }
      notified |= notifyTerminatingProcs(procs, displayName, health, notifier);
    }
    Optional<Instant> keepalive =
        PollTiming.computeKeepalive(
            Instant.now(),
            Procs.services(cx.proc()).config().get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT));
    ValueMesh<State<ActorState>> states;
    try {
      states = MeshStates.actorStates(cx, mesh.procMesh(), mesh.id(), keepalive).get();
    } catch (ExecutionException e) {
      reportQueryError("unable to query for actor states: " + cause(e), displayName, notifier);
      return new PollResult.Reschedule();
    }
    lastQueryError = null;
    notified |=
        health.applyUpdatesAndNotify(states, (rank, state) -> notifyChange(rank, state, notifier));
    return new PollResult.Processed(notified);
  }

  /**
   * Reports every proc that is terminating and whose rank is not yet: the rank is frozen with the
   * proc's status, so the report is sent once, and the poll goes on to the actors, whose keepalives
   * the survivors still need. A proc whose host agent cannot be reached (a crashed or partitioned
   * host) is terminating too, and is reported as unreachable.
   */
  private boolean notifyTerminatingProcs(
      ValueMesh<State<ProcState>> procs,
      String displayName,
      HealthState health,
      ControllerNotifier notifier) {
    boolean notified = false;
    List<State<ProcState>> list = procs.asList();
    for (int rank = 0; rank < list.size(); rank++) {
      State<ProcState> proc = list.get(rank);
      if (!proc.status().isTerminating()
          || health.status(rank).map(Status::isTerminating).orElse(false)) {
        continue;
      }
      health.maybeUpdate(rank, proc.status(), Long.MAX_VALUE);
      // Dated by the state: when the host agent reported the proc's end, or when the poll gave up
      // on an unreachable host.
      ActorSupervisionEvent event =
          new ActorSupervisionEvent(
              mesh.actorId(rank),
              io.hyperactor.mesh.Point.actorDisplayName(
                  displayName, mesh.region().extent().pointOfRank(rank)),
              SupervisionMapping.procStateToActorStatus(proc),
              proc.timestamp(),
              null);
      notifier.sendStateChange(rank, event, meshName(), true);
      notified = true;
    }
    return notified;
  }

  private boolean notifyChange(int rank, State<ActorState> state, ControllerNotifier notifier) {
    List<ActorSupervisionEvent> events = eventsOf(rank, state);
    if (events.isEmpty()) {
      return false;
    }
    notifier.sendStateChange(rank, events.get(0), meshName(), false);
    return true;
  }

  /**
   * The events of a rank's state; a failure that carries no event (an agent that could not be
   * reached) gets one, so it is reported rather than lost.
   */
  private List<ActorSupervisionEvent> eventsOf(int rank, State<ActorState> state) {
    if (state.state() == null && !state.status().isFailure()) {
      return List.of();
    }
    List<ActorSupervisionEvent> events =
        state.state() == null
            ? List.of()
            : SupervisionMapping.actorStateToSupervisionEvents(state).events();
    if (events.isEmpty() && state.status().isFailure()) {
      return List.of(
          ActorSupervisionEvent.of(
              mesh.actorId(rank),
              meshName(),
              new ActorStatus.Failed(ActorErrorKind.generic(state.status().toString()))));
    }
    return events;
  }

  @Override
  public boolean processState(
      Instance<?> cx, State<ActorState> state, HealthState health, ControllerNotifier notifier) {
    ActorState inner = state.state();
    if (inner == null) {
      return false;
    }
    int rank = createRanks.indexOf(Math.toIntExact(inner.createRank()));
    if (rank < 0) {
      return false;
    }
    if (!health.maybeUpdate(rank, state.status(), state.generation())) {
      return false;
    }
    return notifyChange(rank, state, notifier);
  }

  @Override
  public void handleStopRequest(
      Instance<?> cx,
      String displayName,
      String reason,
      HealthState health,
      ControllerNotifier notifier)
      throws Exception {
    ActorId subject = mesh.numRanks() > 0 ? mesh.actorId(0) : notifier.selfId();
    var marker =
        io.hyperactor.mesh.MeshFailure.wholeMesh(
            meshName(),
            ActorSupervisionEvent.of(
                subject,
                displayName,
                new ActorStatus.Stopped("ActorMeshController received explicit stop request")));
    health.latch(new Unhealthy.StreamClosed(marker));
    notifier.sendToSubscribers(marker);
    ValueMesh<Status> statuses;
    try {
      statuses = MeshStates.stopActors(cx, mesh.procMesh(), mesh.id(), reason).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MeshException m && m.statuses().isPresent()) {
        // The stop's outcome is read with GetState; a rank that did not stop shows there.
        statuses = m.statuses().get();
      } else {
        throw e;
      }
    }
    List<Status> list = statuses.asList();
    for (int rank = 0; rank < list.size(); rank++) {
      health.overwrite(rank, list.get(rank));
    }
  }

  @Override
  public void cleanupStop(Instance<?> cx, String reason) throws Exception {
    try {
      MeshStates.stopActors(cx, mesh.procMesh(), mesh.id(), reason).get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof MeshException)) {
        throw e;
      }
    }
  }

  private void reportQueryError(
      String message, @Nullable String displayName, ControllerNotifier notifier) {
    if (message.equals(lastQueryError)) {
      return;
    }
    lastQueryError = message;
    notifier.sendStateChange(
        0,
        ActorSupervisionEvent.of(
            notifier.selfId(),
            displayName != null ? displayName : notifier.selfId().name(),
            new ActorStatus.Failed(ActorErrorKind.generic(message))),
        meshName(),
        false);
  }

  private static String cause(ExecutionException e) {
    Throwable c = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
    return String.valueOf(c);
  }
}
