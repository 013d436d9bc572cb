package io.hyperactor.mesh;

import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to a mesh of procs: its id, and the proc at each rank of its region.
 *
 * <p>A proc mesh ref is a value: it may be sliced by label and sent to another actor. Its display
 * form is {@code <id>{<region>}}. Actor meshes are spawned on it through the proc agents, one
 * actor on every proc of the (possibly sliced) mesh.
 *
 * <pre>{@code
 * ActorMesh<TrainerMsg> trainers = procs.spawn(cx, "trainer", Trainer.KEY, params).join();
 * ProcMeshRef host0 = procs.slice("hosts", 0);
 * }</pre>
 */
public interface ProcMeshRef extends View<ProcRef, ProcMeshRef> {

  /** The mesh's id. */
  ProcMeshId id();

  /** The host mesh the procs run on, if they were spawned on one. */
  Optional<HostMeshRef> hostMesh();

  /**
   * Spawns an actor of the registered type {@code key} with {@code params} on every proc of this
   * mesh, as an actor mesh named {@code name}. Every proc agent is asked to create the actor with
   * its rank bound to the proc's view rank in this mesh.
   *
   * <p>The spawn waits as long as actors keep reporting progress ({@code actor_spawn_max_idle}).
   * The future fails with a {@link MeshException} {@code ACTOR_SPAWN} carrying every rank's status
   * when an actor failed to spawn (its reason in {@code Failed}) or ranks went idle ({@code
   * Timeout}), and {@code CONFIGURATION} when {@code params} is not of the key's parameter type.
   *
   * @param cx the instance that sends the requests and owns the new mesh
   */
  <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params);

  /** As {@link #spawn(Instance, String, SpawnKey, Object)}, reporting progress to {@code listener}. */
  <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params, SpawnProgressListener listener);

  /** Spawns an actor mesh of a type that takes no parameters. */
  <M> CompletableFuture<ActorMesh<M>> spawn(Instance<?> cx, String name, SpawnKey<M, Void> key);

  /**
   * The state of actor mesh {@code id} on every proc of this mesh. A proc that does not answer
   * within {@code get_actor_state_max_idle} is reported with status {@code Timeout}; a proc that
   * does not know the mesh with {@code NotExist}.
   */
  CompletableFuture<ValueMesh<State<ActorState>>> actorStates(Instance<?> cx, ActorMeshId id);

  /**
   * The state of every proc of this mesh, from the host agents. A host that does not answer within
   * {@code get_proc_state_max_idle} gives its procs status {@code Timeout}; fails with {@link
   * MeshException} {@code NOT_EXIST} when the mesh has no host mesh.
   */
  CompletableFuture<ValueMesh<State<ProcState>>> procStates(Instance<?> cx);

  /**
   * Stops actor mesh {@code id} on every proc of this mesh and waits, as long as procs keep
   * reporting progress ({@code actor_spawn_max_idle}), until every actor has terminated. The
   * future completes with every rank's status, or fails with {@link MeshException} {@code
   * ACTOR_STOP} carrying them when some did not stop.
   */
  CompletableFuture<ValueMesh<Status>> stopActors(Instance<?> cx, ActorMeshId id, String reason);

  /** The display form {@code <id>{<region>}}. */
  @Override
  String toString();
}
