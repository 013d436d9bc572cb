package io.hyperactor.mesh;

import io.hyperactor.resource.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A mesh of actors this application owns: one actor on every proc of a proc mesh.
 *
 * <p>It is an {@link ActorMeshRef} to cast to, and it stops its actors. A controller actor, a
 * child of the instance that spawned the mesh, watches it: failures of its actors and procs arrive
 * as {@link MeshFailure}s ({@link #nextSupervisionEvent}, {@link #failure()}), and a cast to ranks
 * a failure covers is refused with {@link MeshException} {@code SUPERVISION}. After {@link #stop}
 * the mesh records that it stopped, and messages cast to it come back to their senders as
 * undeliverable. When its owner stops, the controller stops the mesh. Thread-safe.
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

  /**
   * The latest failure or stop this mesh's controller reported (an actor that failed or stopped, a
   * proc that died, the mesh's own stop, a controller that went silent); empty while the mesh is
   * healthy.
   */
  Optional<MeshFailure> failure();

  /**
   * The next supervision event of this mesh not yet returned by an earlier call: a {@link
   * MeshFailure} naming the crashed ranks, or a whole-mesh one (no ranks) when the mesh stopped or
   * its controller went silent for {@code supervision_watchdog_timeout}. Heartbeats are not
   * events. The future completes when the event arrives; it never fails.
   *
   * <pre>{@code
   * trainers.nextSupervisionEvent().thenAccept(f -> log.warn("trainer ranks {} down: {}",
   *     f.crashedRanks(), f));
   * }</pre>
   */
  CompletableFuture<MeshFailure> nextSupervisionEvent();

  /**
   * The next supervision event that concerns {@code region}, a region of this mesh: a whole-mesh
   * event, or one naming a rank of the region.
   *
   * @throws IllegalArgumentException when {@code region} is not a region of this mesh
   */
  CompletableFuture<MeshFailure> nextSupervisionEvent(Region region);
}
