package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.ActorMeshRef;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The value behind {@link ActorMeshRef}: an actor mesh's id over a (possibly sliced) proc mesh.
 *
 * <p>The actor of view rank {@code r} is the root actor named after the mesh id on proc {@code r}
 * of {@link #procs()}; refs are made when asked for, never stored. {@code cast}, {@code call} and
 * {@code reduce} go to the {@link Caster} of the caller's actor system ({@link Casting#caster}).
 *
 * @param id the mesh's id
 * @param procs the procs the actors run on, sliced as this mesh is
 * @param spawnRegion the region of the mesh as spawned: each actor's rank at its creation is its
 *     view rank in this region, which its proc agent reports statuses under
 * @param <M> the actors' protocol
 */
public record ActorMeshRefImpl<M>(ActorMeshId id, ProcMeshRefImpl procs, Region spawnRegion)
    implements ActorMeshRef<M> {
  public ActorMeshRefImpl {
    checkNotNull(id, "id");
    checkNotNull(procs, "procs");
    checkNotNull(spawnRegion, "spawnRegion");
    procs.region().requireSubsetOf(spawnRegion);
  }

  /** The mesh spawned as {@code id} on {@code procs}. */
  public ActorMeshRefImpl(ActorMeshId id, ProcMeshRefImpl procs) {
    this(id, procs, procs.region());
  }

  /** For each view rank, the rank the actor was created with (its view rank in the spawn region). */
  public List<Integer> createRanks() {
    return spawnRegion.remap(procs.region()).orElseThrow(IllegalStateException::new);
  }

  /** The actor's name on every proc: the name its proc agent spawns it under. */
  public String actorName() {
    return id.resourceId().toString();
  }

  /** The actor at view rank {@code rank}. */
  public ActorId actorId(int rank) {
    ProcRef proc = procs.get(rank).orElseThrow(() -> new IndexOutOfBoundsException(
        "rank " + rank + " of actor mesh " + id + " with " + procs.numRanks() + " ranks"));
    return proc.procId().actorId(actorName());
  }

  @Override
  public ProcMeshRefImpl procMesh() {
    return procs;
  }

  @Override
  public Region region() {
    return procs.region();
  }

  @Override
  public Optional<ActorRef<M>> get(int rank) {
    return rank >= 0 && rank < procs.numRanks()
        ? Optional.of(ActorRef.attest(actorId(rank)))
        : Optional.empty();
  }

  @Override
  public ActorMeshRefImpl<M> subset(Region region) {
    return new ActorMeshRefImpl<>(id, procs.subset(region), spawnRegion);
  }

  @Override
  public void cast(Instance<?> cx, M message) {
    cast(cx, Selection.all(), message);
  }

  @Override
  public void cast(Instance<?> cx, Selection selection, M message) {
    checkNotNull(cx, "cx");
    checkNotNull(selection, "selection");
    checkNotNull(message, "message");
    Casting.caster(cx).cast(cx, this, selection, message);
  }

  @Override
  public <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    return Casting.caster(cx).call(cx, this, request, null);
  }

  @Override
  public <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    checkNotNull(timeout, "timeout");
    return Casting.caster(cx).call(cx, this, request, timeout);
  }

  @Override
  public <R> CompletableFuture<R> reduce(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Accumulator<R, R> accumulator) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    checkNotNull(accumulator, "accumulator");
    return Casting.caster(cx).reduce(cx, this, request, accumulator, null);
  }

  @Override
  public <R> CompletableFuture<R> reduce(
      Instance<?> cx,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(request, "request");
    checkNotNull(accumulator, "accumulator");
    checkNotNull(timeout, "timeout");
    return Casting.caster(cx).reduce(cx, this, request, accumulator, timeout);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ActorState>>> states(Instance<?> cx) {
    return procs.actorStates(cx, id);
  }

  @Override
  public String toString() {
    return id + "@" + procs;
  }
}
