package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.internal.mesh.cast.CommMeshes;
import io.hyperactor.internal.mesh.cast.TreeCaster;

/**
 * The one place that chooses how meshes cast: the {@link Caster} behind every actor mesh ref, and
 * the {@link CommMeshHook} every new proc mesh runs.
 *
 * <p>Casts go through the comm tree ({@link TreeCaster}): ranks bound per destination, sequence
 * numbers assigned by the caster, reply ports split at every hop and reduced on the way back. A new
 * proc mesh gets one comm actor per proc ({@link CommMeshes}).
 */
public final class Casting {
  private Casting() {}

  /** The caster for casts sent by {@code cx}. */
  public static Caster caster(Instance<?> cx) {
    checkNotNull(cx, "cx");
    return TreeCaster.INSTANCE;
  }

  /** The hook a proc mesh spawned by {@code cx} runs once its procs are up. */
  public static CommMeshHook commHook(Instance<?> cx) {
    checkNotNull(cx, "cx");
    return CommMeshes.HOOK;
  }
}
