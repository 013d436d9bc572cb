package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How an actor mesh sends one message to many actors: the casting layer behind {@link
 * io.hyperactor.mesh.ActorMeshRef#cast}, {@code call} and {@code reduce}.
 *
 * <p>{@link ActorMeshRefImpl} delegates to the caster {@link Casting#caster} returns for the
 * caller's actor system. Implementations are stateless or keep their state per actor system, are
 * thread-safe, and never block the caller: a wait is a future.
 *
 * <p>Contract for every implementation: each selected actor receives the message exactly once,
 * with every {@code Rank} field bound to its view rank in {@code mesh}; a copy that cannot be
 * delivered comes back to {@code cx} as undeliverable (for {@code call} and {@code reduce}, the
 * future fails with {@code MeshException.Kind.CALL} instead); casts and direct sends from one
 * sender to one actor keep their order.
 */
public interface Caster {

  /** Sends {@code message} to the actors of {@code mesh} that {@code selection} selects. */
  <M> void cast(Instance<?> cx, ActorMeshRefImpl<M> mesh, Selection selection, M message);

  /**
   * Casts the message {@code request} builds around a reply port to every actor of {@code mesh},
   * and completes with every reply at its view rank; {@code timeout} null waits for ever.
   */
  <M, R> CompletableFuture<ValueMesh<R>> call(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      @Nullable Duration timeout);

  /**
   * Casts the message {@code request} builds around a reply port to every actor of {@code mesh},
   * and completes with the replies reduced by {@code accumulator}; {@code timeout} null waits for
   * ever.
   */
  <M, R> CompletableFuture<R> reduce(
      Instance<?> cx,
      ActorMeshRefImpl<M> mesh,
      Function<OncePortRef<R>, ? extends M> request,
      Accumulator<R, R> accumulator,
      @Nullable Duration timeout);
}
