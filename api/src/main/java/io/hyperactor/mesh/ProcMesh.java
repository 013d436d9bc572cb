package io.hyperactor.mesh;

import io.hyperactor.SpawnKey;
import io.hyperactor.resource.Status;
import java.util.concurrent.CompletableFuture;

/**
 * A mesh of procs this application owns: one or more procs on every host of a host mesh, each a
 * JVM under its host's process manager (or an in-JVM proc on in-process hosts).
 *
 * <p>It spawns actor meshes as its owner (the instance that spawned it), and stops its procs.
 * Slicing it gives a {@link ProcMeshRef}. Thread-safe.
 *
 * <pre>{@code
 * ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).join();
 * ActorMesh<TrainerMsg> trainers = procs.spawn("trainer", Trainer.KEY, params).join();
 * procs.stop("done").join();
 * }</pre>
 */
public interface ProcMesh extends ProcMeshRef {

  /** This mesh as a plain reference, to slice or send. */
  ProcMeshRef ref();

  /** Spawns an actor mesh as this mesh's owner; see {@link ProcMeshRef#spawn(io.hyperactor.Instance, String, SpawnKey, Object)}. */
  <M, P> CompletableFuture<ActorMesh<M>> spawn(String name, SpawnKey<M, P> key, P params);

  /** As {@link #spawn(String, SpawnKey, Object)}, reporting progress to {@code listener}. */
  <M, P> CompletableFuture<ActorMesh<M>> spawn(
      String name, SpawnKey<M, P> key, P params, SpawnProgressListener listener);

  /** Spawns an actor mesh of a type that takes no parameters, as this mesh's owner. */
  <M> CompletableFuture<ActorMesh<M>> spawn(String name, SpawnKey<M, Void> key);

  /**
   * Stops every proc of this mesh through its host agent and waits, as long as procs keep
   * reporting progress ({@code proc_stop_max_idle}), until every proc has terminated. Completes
   * with every rank's status, or fails with {@link MeshException} {@code PROC_MESH_STOP} carrying
   * them.
   */
  CompletableFuture<ValueMesh<Status>> stop(String reason);
}
