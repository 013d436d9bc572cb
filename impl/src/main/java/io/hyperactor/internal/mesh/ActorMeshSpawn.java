package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.SpawnKey;
import io.hyperactor.codec.CodecException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.WaitRankStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Spawns an actor mesh on a proc mesh through the proc agents.
 *
 * <p>Every proc's agent is asked to create the actor with its rank bound to the proc's view rank
 * in the mesh spawned on, which is the rank the agent reports its status under. The spawn then
 * waits, as long as statuses keep arriving ({@code actor_spawn_max_idle}), until every actor runs
 * or has failed. A failure stops the actors that did start.
 */
final class ActorMeshSpawn {
  private ActorMeshSpawn() {}

  static <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx,
      ProcMeshRefImpl procs,
      ActorMeshId id,
      SpawnKey<M, P> key,
      @Nullable P params,
      SpawnProgressListener listener) {
    checkNotNull(cx, "cx");
    checkNotNull(procs, "procs");
    checkNotNull(id, "id");
    checkNotNull(key, "key");
    checkNotNull(listener, "listener");
    RuntimeServices services = Procs.services(cx.proc());
    byte[] encoded;
    if (key.takesNoParams()) {
      encoded = new byte[0];
    } else if (params == null || !key.paramsType().isInstance(params)) {
      return CompletableFuture.failedFuture(
          new MeshException(
              MeshException.Kind.CONFIGURATION,
              "params of spawnable type '"
                  + key.typeName()
                  + "' must be a "
                  + key.paramsType().getName()
                  + ", got "
                  + (params == null ? "null" : params.getClass().getName())));
    } else {
      try {
        encoded = services.codecs().encode(params);
      } catch (CodecException e) {
        return CompletableFuture.failedFuture(
            new MeshException(
                MeshException.Kind.CONFIGURATION,
                "params of spawnable type '" + key.typeName() + "' cannot be encoded: "
                    + e.getMessage(),
                e));
      }
    }
    ActorSpec spec = new ActorSpec(key.typeName(), encoded);
    Duration maxIdle = services.config().get(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE);
    return MeshTasks.run(
        "spawn-actors", () -> spawnBlocking(cx, procs, id, spec, listener, maxIdle));
  }

  private static <M> ActorMesh<M> spawnBlocking(
      Instance<?> cx,
      ProcMeshRefImpl procs,
      ActorMeshId id,
      ActorSpec spec,
      SpawnProgressListener listener,
      Duration maxIdle)
      throws InterruptedException {
    ResourceId resource = id.resourceId();
    Map<Long, Integer> viewRanks = new HashMap<>();
    ValueMesh<Status> started;
    try (ClientInstance sender = cx.child()) {
      // Collect returned requests from now on: one that comes back before the wait counts.
      sender.undeliverables();
      PortReceiver<StatusOverlay> port = sender.openPort(StatusOverlay.class);
      // The wait ends at the first satisfying status and closes the port; the answers still on
      // their way are dropped, not returned to the agents.
      PortRef<StatusOverlay> reply = port.handle().bind().withReturnUndeliverable(false);
      for (int rank = 0; rank < procs.numRanks(); rank++) {
        ProcRef proc = procs.procs().get(rank);
        PortId agent = proc.agentId().portId(PortId.HANDLER_INDEX);
        viewRanks.put((long) rank, rank);
        sender.post(agent, new CreateOrUpdate<>(resource, Rank.of(rank), spec));
        sender.post(agent, new GetRankStatus(resource, reply));
        sender.post(agent, new WaitRankStatus(resource, Status.RUNNING, reply));
      }
      StatusWait.Outcome outcome =
          new StatusWait(id.toString(), procs.region(), viewRanks, listener)
              .await(sender, port, s -> s.isAtLeast(Status.RUNNING), maxIdle);
      port.close();
      MeshException failure = failure(id, spec, outcome, maxIdle);
      if (failure != null) {
        for (ProcRef proc : procs.procs()) {
          sender.post(
              proc.agentId().portId(PortId.HANDLER_INDEX),
              new Stop(resource, "actor mesh " + id + " failed to spawn"));
        }
        throw failure;
      }
      started = outcome.statuses();
    }
    ActorMeshRefImpl<M> ref = new ActorMeshRefImpl<>(id, procs);
    return supervised(cx, ref, started);
  }

  /**
   * The owned mesh of {@code ref}, with its controller: a child of {@code cx} named {@value
   * ResourceController#ACTOR_MESH_CONTROLLER_NAME}{@code _<mesh id>}, reporting to a port of
   * {@code cx}, seeded with the statuses the spawn saw.
   */
  static <M> ActorMeshImpl<M> supervised(
      Instance<?> cx, ActorMeshRefImpl<M> ref, ValueMesh<Status> initialStatuses) {
    MeshSupervision supervision = new MeshSupervision(cx, ref.id().toString());
    ActorHandle<Object> controller =
        cx.spawnWithName(
            ResourceController.ACTOR_MESH_CONTROLLER_NAME + "_" + ref.id(),
            new ResourceController<>(
                new ActorMeshControlled(ref),
                ref.id().toString(),
                supervision.ownerPort(),
                initialStatuses));
    controller.send(cx, new ControllerMessage.Subscribe(supervision.subscriberPort()));
    supervision.start(controller.actorId());
    return new ActorMeshImpl<>(ref, cx, controller, supervision);
  }

  private static @Nullable MeshException failure(
      ActorMeshId id, ActorSpec spec, StatusWait.Outcome outcome, Duration maxIdle) {
    if (outcome.returned() != null) {
      return new MeshException(
          MeshException.Kind.ACTOR_SPAWN,
          "failed to spawn actor mesh "
              + id
              + ": a request to proc agent "
              + outcome.returned().envelope().dest().actorId()
              + " came back: "
              + outcome.returned().error(),
          outcome.statuses());
    }
    if (!outcome.complete()) {
      var statuses = outcome.withTimeouts(s -> s.isAtLeast(Status.RUNNING));
      return new MeshException(
          MeshException.Kind.ACTOR_SPAWN,
          "actors of mesh "
              + id
              + " ("
              + spec.typeName()
              + ") did not all start: no status changed for "
              + maxIdle
              + " (actor_spawn_max_idle); statuses: "
              + statuses,
          statuses);
    }
    if (outcome.statuses().values().anyMatch(Status::isTerminating)) {
      return new MeshException(
          MeshException.Kind.ACTOR_SPAWN,
          "failed to spawn actor mesh " + id + " (" + spec.typeName() + "): statuses: "
              + outcome.statuses(),
          outcome.statuses());
    }
    return null;
  }
}
