package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import java.util.concurrent.CompletableFuture;

/**
 * What a new proc mesh runs once every proc is up, before it is handed to its owner: the place
 * where the casting layer spawns one comm actor per proc and configures them.
 *
 * <p>{@link ProcMeshSpawn} calls {@link Casting#commHook}'s hook with the freshly created mesh and
 * hands the owner the mesh the future completes with, so the hook may return the mesh with its
 * comm actors attached ({@link ProcMeshRefImpl#withComm}). A failed future fails the spawn.
 */
@FunctionalInterface
public interface CommMeshHook {

  /** Prepares {@code procs} for casting, as {@code cx}; completes with the mesh to hand out. */
  CompletableFuture<ProcMeshRefImpl> onProcMeshCreated(Instance<?> cx, ProcMeshRefImpl procs);
}
