package io.hyperactor.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.State;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A reference to a mesh of actors, one on every proc of a proc mesh, all of protocol {@code M}.
 *
 * <p>An actor mesh ref is a value: it may be sliced by label ({@code slice("gpus", 0)}) and sent
 * to another actor, which may cast to it in turn. Ranks are the ranks of its proc mesh's region,
 * and the {@link ActorRef} of a rank is made only when asked for ({@link #get}). Two refs are
 * equal when they name the same actor mesh over the same region.
 *
 * <p>Casting sends one message to every actor of the mesh (or of a {@link Selection} of it):
 * every {@code io.hyperactor.resource.Rank} field of the message, in nested records too, is set to
 * the destination's view rank; a destination that cannot be reached returns its copy to the caster
 * as undeliverable. Casts and direct sends from one sender to one actor arrive in the order they
 * were sent. {@link #call} gathers one reply from every actor into a {@link ValueMesh}; {@link
 * #reduce} combines the replies on their way back into one value.
 *
 * <pre>{@code
 * trainers.cast(cx, new Step(1));
 * ValueMesh<Loss> losses = trainers.call(cx, replyTo -> new Eval(replyTo)).join();
 * long total = trainers.reduce(cx, replyTo -> new Count(replyTo), Accumulators.sum()).join();
 * trainers.slice("gpus", 0).cast(cx, new Checkpoint());
 * }</pre>
 *
 * @param <M> the actors' protocol
 */
public interface ActorMeshRef<M> extends View<ActorRef<M>, ActorMeshRef<M>> {

  /** The mesh's id. */
  ActorMeshId id();

  /** The procs the actors run on, sliced as this mesh is. */
  ProcMeshRef procMesh();

  /**
   * Sends {@code message} to every actor of this mesh, as {@code cx}.
   *
   * @throws MeshException ({@code SUPERVISION}) when the mesh is known to have failed
   */
  void cast(Instance<?> cx, M message);

  /**
   * Sends {@code message} to the actors of this mesh that {@code selection} selects, as {@code
   * cx}. The selection is evaluated against this mesh's extent ({@code *,0} selects the first
   * actor of every row).
   *
   * @throws MeshException ({@code SUPERVISION}) when the mesh is known to have failed
   */
  void cast(Instance<?> cx, Selection selection, M message);

  /**
   * Casts the message {@code request} builds around a reply port, and completes with the reply of
   * every actor, at its rank. Fails with {@link MeshException} {@code CALL} when a copy comes back
   * undeliverable; waits as long as it takes otherwise.
   */
  <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request);

  /** As {@link #call(Instance, Function)}, failing with {@code CALL} after {@code timeout}. */
  <R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Duration timeout);

  /**
   * Casts the message {@code request} builds around a reply port and completes with every
   * actor's reply reduced into one value by {@code accumulator}, whose reducer must be registered
   * ({@code Accumulators.sum()}, ...). Fails with {@link MeshException} {@code CALL} when a copy
   * comes back undeliverable.
   */
  <R> CompletableFuture<R> reduce(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Accumulator<R, R> accumulator);

  /** As {@link #reduce(Instance, Function, Accumulator)}, failing with {@code CALL} after {@code timeout}. */
  <R> CompletableFuture<R> reduce(
      Instance<?> cx,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      Duration timeout);

  /** The state of every actor of this mesh; see {@link ProcMeshRef#actorStates}. */
  CompletableFuture<ValueMesh<State<ActorState>>> states(Instance<?> cx);
}
