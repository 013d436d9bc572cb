package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.ActorMeshRef;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMeshRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An owned actor mesh: its reference, the instance that spawned it, and the failure it has
 * recorded. Thread-safe.
 *
 * @param <M> the actors' protocol
 */
final class ActorMeshImpl<M> implements ActorMesh<M> {
  private final ActorMeshRefImpl<M> ref;
  private final Instance<?> owner;
  private final AtomicReference<@Nullable MeshFailure> failure = new AtomicReference<>();

  ActorMeshImpl(ActorMeshRefImpl<M> ref, Instance<?> owner) {
    this.ref = checkNotNull(ref, "ref");
    this.owner = checkNotNull(owner, "owner");
  }

  @Override
  public ActorMeshRefImpl<M> ref() {
    return ref;
  }

  @Override
  public ActorMeshId id() {
    return ref.id();
  }

  @Override
  public ProcMeshRef procMesh() {
    return ref.procMesh();
  }

  @Override
  public Region region() {
    return ref.region();
  }

  @Override
  public Optional<ActorRef<M>> get(int rank) {
    return ref.get(rank);
  }

  @Override
  public ActorMeshRef<M> subset(Region region) {
    return ref.subset(region);
  }

  @Override
  public void cast(Instance<?> cx, M message) {
    ref.cast(cx, message);
  }

  @Override
  public void cast(Instance<?> cx, Selection selection, M message) {
    ref.cast(cx, selection, message);
  }

  @Override
  public <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request) {
    return ref.call(cx, request);
  }

  @Override
  public <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Duration timeout) {
    return ref.call(cx, request, timeout);
  }

  @Override
  public <R> CompletableFuture<R> reduce(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Accumulator<R, R> accumulator) {
    return ref.reduce(cx, request, accumulator);
  }

  @Override
  public <R> CompletableFuture<R> reduce(
      Instance<?> cx,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      Duration timeout) {
    return ref.reduce(cx, request, accumulator, timeout);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ActorState>>> states(Instance<?> cx) {
    return ref.states(cx);
  }

  @Override
  public CompletableFuture<ValueMesh<Status>> stop(String reason) {
    checkNotNull(reason, "reason");
    return ref.procMesh()
        .stopActors(owner, ref.id(), reason)
        .whenComplete(
            (statuses, error) ->
                failure.compareAndSet(null, MeshFailures.stopped(owner, ref, error)));
  }

  @Override
  public Optional<MeshFailure> failure() {
    return Optional.ofNullable(failure.get());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ActorMeshImpl<?> other && other.ref.equals(ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return ref.toString();
  }
}
