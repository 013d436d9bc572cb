package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcMeshRef;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An owned proc mesh: its reference, and the instance that spawned it, which spawns and stops on
 * its behalf. Thread-safe (immutable).
 */
final class ProcMeshImpl implements ProcMesh {
  private final ProcMeshRefImpl ref;
  private final Instance<?> owner;
  private final ActorHandle<Object> controller;

  ProcMeshImpl(ProcMeshRefImpl ref, Instance<?> owner, ActorHandle<Object> controller) {
    this.ref = checkNotNull(ref, "ref");
    this.owner = checkNotNull(owner, "owner");
    this.controller = checkNotNull(controller, "controller");
  }

  /**
   * The owned mesh of {@code ref}, with its controller: a child of {@code owner} named {@value
   * ResourceController#PROC_MESH_CONTROLLER_NAME}{@code _<mesh id>}, with no owner port and every
   * rank seeded {@code Running}, as upstream creates it.
   */
  static ProcMeshImpl supervised(ProcMeshRefImpl ref, Instance<?> owner) {
    ActorHandle<Object> controller =
        owner.spawnWithName(
            ResourceController.PROC_MESH_CONTROLLER_NAME + "_" + ref.id(),
            new ResourceController<>(
                new ProcMeshControlled(ref),
                null,
                null,
                ValueMesh.fromSingle(ref.region(), Status.RUNNING)));
    return new ProcMeshImpl(ref, owner, controller);
  }

  /** The mesh's controller. */
  ActorHandle<Object> controller() {
    return controller;
  }

  @Override
  public ProcMeshRefImpl ref() {
    return ref;
  }

  @Override
  public ProcMeshId id() {
    return ref.id();
  }

  @Override
  public Region region() {
    return ref.region();
  }

  @Override
  public Optional<ProcRef> get(int rank) {
    return ref.get(rank);
  }

  @Override
  public ProcMeshRef subset(Region region) {
    return ref.subset(region);
  }

  @Override
  public Optional<HostMeshRef> hostMesh() {
    return ref.hostMesh();
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params) {
    return ref.spawn(cx, name, key, params);
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params, SpawnProgressListener listener) {
    return ref.spawn(cx, name, key, params, listener);
  }

  @Override
  public <M> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, Void> key) {
    return ref.spawn(cx, name, key);
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(String name, SpawnKey<M, P> key, P params) {
    return ref.spawn(owner, name, key, params);
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(
      String name, SpawnKey<M, P> key, P params, SpawnProgressListener listener) {
    return ref.spawn(owner, name, key, params, listener);
  }

  @Override
  public <M> CompletableFuture<ActorMesh<M>> spawn(String name, SpawnKey<M, Void> key) {
    return ref.spawn(owner, name, key);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ActorState>>> actorStates(
      Instance<?> cx, ActorMeshId id) {
    return ref.actorStates(cx, id);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ProcState>>> procStates(Instance<?> cx) {
    return ref.procStates(cx);
  }

  @Override
  public CompletableFuture<ValueMesh<Status>> stopActors(
      Instance<?> cx, ActorMeshId id, String reason) {
    return ref.stopActors(cx, id, reason);
  }

  @Override
  public CompletableFuture<ValueMesh<Status>> stop(String reason) {
    checkNotNull(reason, "reason");
    Duration maxIdle = Procs.services(owner.proc()).config().get(HyperactorAttrs.PROC_STOP_MAX_IDLE);
    return MeshTasks.run(
            "stop-proc-mesh",
            () -> {
              if (controller.status().isTerminal()) {
                return MeshStates.stopProcs(owner, ref, reason).get();
              }
              return ControllerStop.stop(
                  owner,
                  controller,
                  ref.id().resourceId(),
                  reason,
                  maxIdle,
                  MeshException.Kind.PROC_MESH_STOP,
                  "procs of mesh " + ref.id());
            })
        .whenComplete(
            (statuses, error) -> controller.drainAndStop("proc mesh " + ref.id() + " stopped"));
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
