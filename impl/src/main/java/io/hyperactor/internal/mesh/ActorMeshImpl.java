package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.Instance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.MeshException;
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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An owned actor mesh: its reference, the instance that spawned it, the mesh's controller (a
 * child of that instance) and the owner's side of its supervision stream. Thread-safe.
 *
 * @param <M> the actors' protocol
 */
final class ActorMeshImpl<M> implements ActorMesh<M> {
  private final ActorMeshRefImpl<M> ref;
  private final Instance<?> owner;
  private final ActorHandle<Object> controller;
  private final MeshSupervision supervision;

  ActorMeshImpl(
      ActorMeshRefImpl<M> ref,
      Instance<?> owner,
      ActorHandle<Object> controller,
      MeshSupervision supervision) {
    this.ref = checkNotNull(ref, "ref");
    this.owner = checkNotNull(owner, "owner");
    this.controller = checkNotNull(controller, "controller");
    this.supervision = checkNotNull(supervision, "supervision");
  }

  /** The mesh's controller. */
  ActorHandle<Object> controller() {
    return controller;
  }

  /** Refuses a cast to {@code region} when a known failure covers it. */
  private void checkHealthy(Region region) {
    Optional<MeshFailure> failure = supervision.crashFor(region, ref.spawnRegion());
    if (failure.isPresent()) {
      throw MeshException.supervision(failure.get());
    }
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
    checkHealthy(ref.region());
    ref.cast(cx, message);
  }

  @Override
  public void cast(Instance<?> cx, Selection selection, M message) {
    checkHealthy(ref.region());
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
    Duration maxIdle =
        Procs.services(owner.proc()).config().get(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE);
    return MeshTasks.run("stop-actor-mesh", () -> stopThroughController(reason, maxIdle))
        .whenComplete(
            (statuses, error) -> {
              supervision.record(MeshFailures.stopped(owner, ref, error));
              supervision.close();
              controller.drainAndStop("actor mesh " + ref.id() + " stopped");
            });
  }

  private ValueMesh<Status> stopThroughController(String reason, Duration maxIdle)
      throws Exception {
    if (controller.status().isTerminal()) {
      // A controller that failed cannot stop the mesh; the agents can still be asked directly.
      return MeshStates.stopActors(owner, ref.procMesh(), ref.id(), reason).get();
    }
    return ControllerStop.stop(
        owner,
        controller,
        ref.id().resourceId(),
        reason,
        maxIdle,
        MeshException.Kind.ACTOR_STOP,
        "actors of mesh " + ref.id());
  }

  @Override
  public Optional<MeshFailure> failure() {
    return supervision.latest();
  }

  @Override
  public CompletableFuture<MeshFailure> nextSupervisionEvent() {
    return supervision.next(ref.region(), ref.spawnRegion());
  }

  @Override
  public CompletableFuture<MeshFailure> nextSupervisionEvent(Region region) {
    checkNotNull(region, "region");
    if (!region.isSubset(ref.spawnRegion())) {
      throw new IllegalArgumentException(
          "region " + region + " is not a region of actor mesh " + ref.id());
    }
    return supervision.next(region, ref.spawnRegion());
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
