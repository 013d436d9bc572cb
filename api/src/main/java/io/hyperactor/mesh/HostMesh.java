package io.hyperactor.mesh;

import java.util.concurrent.CompletableFuture;

/**
 * A mesh of hosts this application owns: it spawns proc meshes on them and shuts them down.
 *
 * <p>Obtain one from {@code io.hyperactor.runtime.HostMeshes}: hosts in this JVM ({@code local}),
 * hosts forked as child JVMs ({@code process}), or hosts already running elsewhere ({@code
 * attach}); or from Guice, where the wiring picks one. Slicing a host mesh gives a {@link
 * HostMeshRef}, which spawns procs on part of the hosts.
 *
 * <p>{@link #shutdown()} first drains every host (their procs stop while the network is still up),
 * then shuts them down: forked hosts exit, in-process hosts close. {@link #stop()} stops only the
 * procs this mesh spawned and leaves the hosts running for a later attach. {@link #close()} shuts
 * down and waits. Thread-safe.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create();
 *     HostMesh hosts = HostMeshes.local(system, 2)) {
 *   ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).join();
 *   ActorMesh<TrainerMsg> trainers = procs.spawn("trainer", Trainer.KEY, params).join();
 * }
 * }</pre>
 */
public interface HostMesh extends HostMeshRef, AutoCloseable {

  /** This mesh as a plain reference, to slice or send. */
  HostMeshRef ref();

  /**
   * Spawns a proc mesh as this mesh's owner; see {@link HostMeshRef#spawnProcs(io.hyperactor.Instance,
   * String, Extent)}.
   */
  CompletableFuture<ProcMesh> spawnProcs(String name, Extent perHost);

  /** As {@link #spawnProcs(String, Extent)}, reporting every status change to {@code listener}. */
  CompletableFuture<ProcMesh> spawnProcs(
      String name, Extent perHost, SpawnProgressListener listener);

  /**
   * Stops every proc on every host, then shuts the hosts down. Failures are logged, never
   * reported: the future completes once every host answered or was found gone.
   */
  CompletableFuture<Void> shutdown();

  /**
   * Stops the procs this mesh spawned on every host, and leaves the hosts (and procs of other
   * meshes) running.
   */
  CompletableFuture<Void> stop();

  /** Shuts the mesh down ({@link #shutdown()}) and waits; safe to call more than once. */
  @Override
  void close();
}
