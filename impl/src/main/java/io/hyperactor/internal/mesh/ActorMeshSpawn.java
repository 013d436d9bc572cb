package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.SpawnProgressListener;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Spawns an actor mesh on a proc mesh through the proc agents. */
final class ActorMeshSpawn {
  private ActorMeshSpawn() {}

  static <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx,
      ProcMeshRefImpl procs,
      ActorMeshId id,
      SpawnKey<M, P> key,
      @Nullable P params,
      SpawnProgressListener listener) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("spawning actor meshes is not implemented yet"));
  }
}
