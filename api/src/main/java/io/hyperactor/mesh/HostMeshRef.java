package io.hyperactor.mesh;

import io.hyperactor.Instance;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to a mesh of hosts: its id, and the host at each rank of its region.
 *
 * <p>A host mesh ref is a value: it owns nothing, may be sliced by label like any {@link View}, and
 * may be sent to another actor. Its display form is {@code <id>:<host0>,<host1>,...@<region>}, for
 * example {@code test:local:1,local:2,local:3,local:4@replica=2/2,host=2/1}, and slicing it with
 * {@code range("replica", 1)} gives {@code test:local:3,local:4@2+replica=1/2,host=2/1};
 * {@code io.hyperactor.runtime.HostMeshes.parseRef} reads the form back.
 *
 * <p>{@link #spawnProcs} creates a {@link ProcMesh} on the hosts: {@code perHost} procs on every
 * host, each a JVM (or an in-JVM proc, on in-process hosts) created by the host's agent.
 *
 * <pre>{@code
 * ProcMesh procs = hosts.spawnProcs(cx, "workers", Extent.of("gpus", 4)).join();
 * procs.extent();   // {hosts: 2, gpus: 4}
 * }</pre>
 */
public interface HostMeshRef extends View<HostRef, HostMeshRef> {

  /** The mesh's id. */
  HostMeshId id();

  /** The host at each view rank, in rank order. */
  List<HostRef> hosts();

  /**
   * Spawns a proc mesh named {@code name} with {@code perHost} procs on every host of this mesh.
   * The mesh's extent is this mesh's extent followed by {@code perHost}; proc {@code r} of host
   * {@code h} has rank {@code h * perHost.numRanks() + r}.
   *
   * <p>The spawn waits as long as procs keep reporting progress: it fails when no status changed
   * for {@code mesh_proc_spawn_max_idle}, not after a total deadline. The future fails with a
   * {@link MeshException}: {@code CONFIGURATION} when {@code perHost} shares a label with this
   * mesh, {@code PROC_CREATION} when a host could not create a proc (with the host's reason),
   * {@code PROC_SPAWN} when procs went idle (with every rank's status; ranks never heard from are
   * {@code Timeout}).
   *
   * @param cx the instance that sends the requests and owns the new mesh
   */
  CompletableFuture<ProcMesh> spawnProcs(Instance<?> cx, String name, Extent perHost);

  /**
   * As {@link #spawnProcs(Instance, String, Extent)}, reporting every status change to {@code
   * listener}.
   */
  CompletableFuture<ProcMesh> spawnProcs(
      Instance<?> cx, String name, Extent perHost, SpawnProgressListener listener);

  /** The display form {@code <id>:<host0>,<host1>,...@<region>}. */
  @Override
  String toString();
}
