package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
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
 * A proc mesh as its controller sees it: each proc's host agent is asked for the proc's state,
 * with a keepalive, so the host agents reap the procs when the controller is gone.
 */
final class ProcMeshControlled implements Controlled<ProcState> {
  static final String STALL_METRIC = "actor.proc_mesh_controller.num_stalls";

  private final ProcMeshRefImpl procs;
  private @Nullable String lastQueryError;

  ProcMeshControlled(ProcMeshRefImpl procs) {
    this.procs = checkNotNull(procs, "procs");
  }

  @Override
  public ResourceId id() {
    return procs.id().resourceId();
  }

  @Override
  public String meshName() {
    return procs.id().toString();
  }

  @Override
  public Region region() {
    return procs.region();
  }

  @Override
  public String stallMetric() {
    return STALL_METRIC;
  }

  @Override
  public void subscribeToStream(Instance<?> cx, PortRef<State<ProcState>> subscriber) {
    for (ProcRef proc : procs.procs()) {
      cx.post(
          MeshStates.hostAgent(proc.procId()).portId(PortId.HANDLER_INDEX),
          new StreamState<ProcState>(MeshStates.procResource(proc.procId()), subscriber));
    }
  }

  @Override
  public void forwardWaitRankStatus(Instance<?> cx, WaitRankStatus wait) {
    for (ProcRef proc : procs.procs()) {
      cx.post(MeshStates.hostAgent(proc.procId()).portId(PortId.HANDLER_INDEX), wait);
    }
  }

  @Override
  public PollResult pollStates(
      Instance<?> cx, String displayName, HealthState health, ControllerNotifier notifier)
      throws InterruptedException {
    if (procs.hosts() == null) {
      return new PollResult.Processed(false);
    }
    Optional<Instant> keepalive =
        PollTiming.computeKeepalive(
            Instant.now(),
            Procs.services(cx.proc()).config().get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT));
    ValueMesh<State<ProcState>> states;
    try {
      states = MeshStates.procStates(cx, procs, keepalive).get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
      String message = "unable to query for proc states: " + c;
      if (!message.equals(lastQueryError)) {
        lastQueryError = message;
        notifier.sendStateChange(
            0,
            ActorSupervisionEvent.of(
                notifier.selfId(),
                displayName,
                new ActorStatus.Failed(ActorErrorKind.generic(message))),
            meshName(),
            false);
      }
      return new PollResult.Reschedule();
    }
    lastQueryError = null;
    boolean notified =
        health.applyUpdatesAndNotify(
            states, (rank, state) -> notifyIfTerminating(cx, rank, state, displayName, notifier));
    return new PollResult.Processed(notified);
  }

  /** Reports a proc that is terminating; a proc that changed to a live status is not a failure. */
  private boolean notifyIfTerminating(
      Instance<?> cx,
      int rank,
      State<ProcState> state,
      String displayName,
      ControllerNotifier notifier) {
    if (!state.status().isTerminating()) {
      return false;
    }
    ActorStatus status = SupervisionMapping.procStateToActorStatus(state);
    notifier.sendStateChange(
        rank,
        new ActorSupervisionEvent(notifier.selfId(), displayName, status, state.timestamp(), null),
        meshName(),
        true);
    return true;
  }

  @Override
  public boolean processState(
      Instance<?> cx, State<ProcState> state, HealthState health, ControllerNotifier notifier) {
    ProcState inner = state.state();
    if (inner == null) {
      return false;
    }
    int rank = -1;
    List<ProcRef> refs = procs.procs();
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i).procId().equals(inner.procId())) {
        rank = i;
      }
    }
    if (rank < 0 || !health.maybeUpdate(rank, state.status(), state.generation())) {
      return false;
    }
    return notifyIfTerminating(cx, rank, state, meshName(), notifier);
  }

  @Override
  public void handleStopRequest(
      Instance<?> cx,
      String displayName,
      String reason,
      HealthState health,
      ControllerNotifier notifier)
      throws Exception {
    MeshFailure marker =
        MeshFailure.wholeMesh(
            meshName(),
            ActorSupervisionEvent.of(
                notifier.selfId(),
                displayName,
                new ActorStatus.Stopped("ProcMeshController received explicit stop request")));
    health.latch(new Unhealthy.StreamClosed(marker));
    notifier.sendToSubscribers(marker);
    if (procs.hosts() == null) {
      return;
    }
    ValueMesh<Status> statuses;
    try {
      statuses = MeshStates.stopProcs(cx, procs, reason).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MeshException m && m.statuses().isPresent()) {
        // Recorded rather than thrown, as for actor meshes: the caller reads it with GetState.
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
    if (procs.hosts() == null) {
      return;
    }
    try {
      MeshStates.stopProcs(cx, procs, reason).get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof MeshException)) {
        throw e;
      }
    }
  }
}
