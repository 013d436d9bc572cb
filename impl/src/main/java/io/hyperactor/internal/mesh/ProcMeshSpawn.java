package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.SpawnProgressListener;
import java.util.concurrent.CompletableFuture;

/** Spawns a proc mesh on a host mesh through the host agents. */
final class ProcMeshSpawn {
  private ProcMeshSpawn() {}

  static CompletableFuture<ProcMesh> spawn(
      Instance<?> cx,
      HostMeshRefImpl hosts,
      String name,
      Extent perHost,
      SpawnProgressListener listener) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("spawning proc meshes is not implemented yet"));
  }
}
