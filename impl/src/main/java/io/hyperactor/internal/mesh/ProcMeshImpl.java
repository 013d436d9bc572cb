package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.HostMeshRef;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An owned proc mesh: its reference, and the instance that spawned it, which spawns and stops on
 * its behalf. Thread-safe (immutable).
 */
final class ProcMeshImpl implements ProcMesh {
  private final ProcMeshRefImpl ref;
  private final Instance<?> owner;

  ProcMeshImpl(ProcMeshRefImpl ref, Instance<?> owner) {
    this.ref = checkNotNull(ref, "ref");
    this.owner = checkNotNull(owner, "owner");
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
    return MeshStates.stopProcs(owner, ref, checkNotNull(reason, "reason"));
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
