package io.hyperactor.internal.mesh;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Queries and stops the procs and actors of a mesh through their agents: one request per rank,
 * each waited for as long as replies keep arriving (the idle limits of the configuration).
 */
final class MeshStates {
  private MeshStates() {}

  static CompletableFuture<ValueMesh<State<ActorState>>> actorStates(
      Instance<?> cx, ProcMeshRefImpl procs, ActorMeshId id) {
    return actorStates(cx, procs, id, Optional.empty());
  }

  /**
   * The states of a mesh's actors; with {@code keepalive}, each agent is also told to keep the
   * actors until then ({@link KeepaliveGetState}), as a mesh controller's polls do.
   */
  static CompletableFuture<ValueMesh<State<ActorState>>> actorStates(
      Instance<?> cx, ProcMeshRefImpl procs, ActorMeshId id, Optional<Instant> keepalive) {
    Duration maxIdle = config(cx).get(HyperactorAttrs.GET_ACTOR_STATE_MAX_IDLE);
    ResourceId resource = id.resourceId();
    return MeshTasks.run(
        "actor-states",
        () -> {
          try (ClientInstance sender = cx.child()) {
            RankReplies<State<ActorState>> replies = new RankReplies<>(sender);
            for (ProcRef proc : procs.procs()) {
              replies.send(
                  proc.agentId(),
                  port -> List.of(query(new GetState<ActorState>(resource, port), keepalive)));
            }
            List<@Nullable State<ActorState>> states =
                replies.await(
                    maxIdle,
                    (rank, returned) ->
                        new State<>(
                            resource,
                            new Status.Failed(
                                "the proc agent is unreachable: "
                                    + returned.error()
                                    + ". The process likely crashed"),
                            null,
                            0,
                            Instant.now()));
            List<State<ActorState>> out = new ArrayList<>();
            for (int rank = 0; rank < states.size(); rank++) {
              State<ActorState> state = states.get(rank);
              out.add(state != null ? state : timedOutActor(procs, id, rank, maxIdle));
            }
            return ValueMesh.of(procs.region(), out);
          }
        });
  }

  /**
   * The state of an actor whose agent did not answer: {@code Timeout}, with a failure event that
   * says the agent is unreachable, dated now.
   */
  private static State<ActorState> timedOutActor(
      ProcMeshRefImpl procs, ActorMeshId id, int rank, Duration limit) {
    ProcRef proc = procs.procs().get(rank);
    ActorId actor = proc.procId().actorId(id.resourceId().toString());
    ActorSupervisionEvent event =
        ActorSupervisionEvent.of(
            actor,
            id.toString(),
            new ActorStatus.Failed(
                ActorErrorKind.generic(
                    "timed out after "
                        + limit
                        + " waiting for the state of "
                        + actor
                        + ": its proc agent is unreachable. The process likely crashed, or its"
                        + " host is partitioned")));
    return new State<>(
        id.resourceId(),
        new Status.Timeout(limit),
        new ActorState(actor, rank, ImmutableList.of(event)),
        Long.MAX_VALUE,
        Instant.now());
  }

  static CompletableFuture<ValueMesh<State<ProcState>>> procStates(
      Instance<?> cx, ProcMeshRefImpl procs) {
    return procStates(cx, procs, Optional.empty());
  }

  /**
   * The states of a mesh's procs; with {@code keepalive}, each host agent is also told to keep the
   * procs until then, as a proc mesh controller's polls do.
   */
  static CompletableFuture<ValueMesh<State<ProcState>>> procStates(
      Instance<?> cx, ProcMeshRefImpl procs, Optional<Instant> keepalive) {
    if (procs.hosts() == null) {
      return CompletableFuture.failedFuture(
          new MeshException(
              MeshException.Kind.NOT_EXIST,
              "proc mesh " + procs.id() + " has no host mesh to ask for proc states"));
    }
    Duration maxIdle = config(cx).get(HyperactorAttrs.GET_PROC_STATE_MAX_IDLE);
    return MeshTasks.run(
        "proc-states",
        () -> {
          try (ClientInstance sender = cx.child()) {
            RankReplies<State<ProcState>> replies = new RankReplies<>(sender);
            List<ResourceId> ids = new ArrayList<>();
            for (ProcRef proc : procs.procs()) {
              ResourceId id = procResource(proc.procId());
              ids.add(id);
              replies.send(
                  hostAgent(proc.procId()),
                  port -> List.of(query(new GetState<ProcState>(id, port), keepalive)));
            }
            List<@Nullable State<ProcState>> states =
                replies.await(
                    maxIdle,
                    (rank, returned) ->
                        new State<>(
                            ids.get(rank),
                            new Status.Failed("the host agent is unreachable: " + returned.error()),
                            null,
                            0,
                            Instant.now()));
            List<State<ProcState>> out = new ArrayList<>();
            for (int rank = 0; rank < states.size(); rank++) {
              State<ProcState> state = states.get(rank);
              out.add(
                  state != null
                      ? state
                      : new State<>(ids.get(rank), new Status.Timeout(maxIdle), null, 0, Instant.now()));
            }
            return ValueMesh.of(procs.region(), out);
          }
        });
  }

  static CompletableFuture<ValueMesh<Status>> stopActors(
      Instance<?> cx, ProcMeshRefImpl procs, ActorMeshId id, String reason) {
    Duration maxIdle = config(cx).get(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE);
    ResourceId resource = id.resourceId();
    return MeshTasks.run(
        "stop-actors",
        () -> {
          List<Status> statuses = new ArrayList<>();
          try (ClientInstance sender = cx.child()) {
            RankReplies<StatusOverlay> replies = new RankReplies<>(sender);
            for (ProcRef proc : procs.procs()) {
              replies.send(
                  proc.agentId(),
                  port ->
                      List.of(
                          new Stop(resource, reason),
                          new WaitRankStatus(resource, Status.STOPPED, port)));
            }
            collect(replies.await(maxIdle, MeshStates::unreachable), maxIdle, statuses);
          }
          ValueMesh<Status> mesh = ValueMesh.of(procs.region(), statuses);
          if (!statuses.stream().allMatch(MeshStates::confirmedStopped)) {
            throw new MeshException(
                MeshException.Kind.ACTOR_STOP,
                "actors of mesh " + id + " did not all stop: statuses: " + mesh,
                mesh);
          }
          return mesh;
        });
  }

  static CompletableFuture<ValueMesh<Status>> stopProcs(
      Instance<?> cx, ProcMeshRefImpl procs, String reason) {
    Duration maxIdle = config(cx).get(HyperactorAttrs.PROC_STOP_MAX_IDLE);
    return MeshTasks.run(
        "stop-procs",
        () -> {
          List<Status> statuses = new ArrayList<>();
          try (ClientInstance sender = cx.child()) {
            RankReplies<StatusOverlay> replies = new RankReplies<>(sender);
            for (ProcRef proc : procs.procs()) {
              ResourceId id = procResource(proc.procId());
              replies.send(
                  hostAgent(proc.procId()),
                  port -> List.of(new Stop(id, reason), new WaitRankStatus(id, Status.STOPPED, port)));
            }
            collect(replies.await(maxIdle, MeshStates::unreachable), maxIdle, statuses);
          }
          ValueMesh<Status> mesh = ValueMesh.of(procs.region(), statuses);
          if (!statuses.stream().allMatch(MeshStates::confirmedStopped)) {
            throw new MeshException(
                MeshException.Kind.PROC_MESH_STOP,
                "procs of mesh " + procs.id() + " did not all stop: statuses: " + mesh,
                mesh);
          }
          return mesh;
        });
  }

  /**
   * Whether an agent confirmed the end: stopped or failed. A rank that did not answer ({@code
   * Timeout}) may still be running, so a stop that waited it out fails rather than reports success.
   */
  private static boolean confirmedStopped(Status status) {
    return status.isTerminated() && !(status instanceof Status.Timeout);
  }

  private static void collect(
      List<@Nullable StatusOverlay> overlays, Duration limit, List<Status> statuses) {
    for (StatusOverlay overlay : overlays) {
      if (overlay == null) {
        statuses.add(new Status.Timeout(limit));
      } else if (overlay.isEmpty()) {
        statuses.add(Status.NOT_EXIST);
      } else {
        statuses.add(overlay.runs().get(0).status());
      }
    }
  }

  private static StatusOverlay unreachable(int rank, io.hyperactor.Undeliverable returned) {
    return StatusOverlay.single(0, new Status.Failed("unreachable: " + returned.error()));
  }

  private static <S> Object query(GetState<S> get, Optional<Instant> keepalive) {
    return keepalive.<Object>map(expiry -> new KeepaliveGetState<>(expiry, get)).orElse(get);
  }

  /** The resource id a proc was created under: its name on its host. */
  static ResourceId procResource(ProcId procId) {
    return ResourceId.parse(procId.name());
  }

  /** The host agent of the host a proc runs on. */
  static ActorId hostAgent(ProcId procId) {
    return new HostRef(procId.addr()).agentId();
  }

  private static HyperactorConfig config(Instance<?> cx) {
    return Procs.services(cx.proc()).config();
  }
}
