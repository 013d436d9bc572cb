package io.hyperactor.mesh;

import io.hyperactor.resource.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A mesh of actors this application owns: one actor on every proc of a proc mesh.
 *
 * <p>It is an {@link ActorMeshRef} to cast to, and it stops its actors. After {@link #stop}, the
 * mesh records that it stopped ({@link #failure()}), and messages cast to it come back to their
 * senders as undeliverable. Thread-safe.
 *
 * <pre>{@code
 * ActorMesh<TrainerMsg> trainers = procs.spawn("trainer", Trainer.KEY, params).join();
 * trainers.cast(cx, new Step(1));
 * trainers.stop("done").join();
 * }</pre>
 *
 * @param <M> the actors' protocol
 */
public interface ActorMesh<M> extends ActorMeshRef<M> {

  /** This mesh as a plain reference, to slice or send. */
  ActorMeshRef<M> ref();

  /**
   * Stops every actor of the mesh: each drains the messages it has and stops. Waits as long as
   * actors keep reporting progress, at most {@code actor_spawn_max_idle} of silence, so an actor
   * stuck in a handler does not hold the stop. Completes with every rank's status, or fails with
   * {@link MeshException} {@code ACTOR_STOP} carrying them.
   */
  CompletableFuture<ValueMesh<Status>> stop(String reason);

  /** The failure this mesh has recorded, such as its own stop; empty while it is healthy. */
  Optional<MeshFailure> failure();
}
