package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import java.util.concurrent.CompletableFuture;

/**
 * The one place that chooses how meshes cast: the {@link Caster} behind every actor mesh ref, and
 * the {@link CommMeshHook} every new proc mesh runs.
 *
 * <p>Until the comm-actor casting layer lands, casts are posted to each selected actor directly
 * ({@link DirectCaster}) and a new proc mesh spawns no comm actors. The casting layer replaces the
 * two methods below (and nothing else needs to change): {@link #caster} returns its caster, which
 * routes through the comm tree, binds ranks and splits reply ports; {@link #commHook} spawns one
 * comm actor per proc and configures them.
 */
public final class Casting {
  private static final CommMeshHook NO_COMM = (cx, procs) -> CompletableFuture.completedFuture(procs);

  private Casting() {}

  /** The caster for casts sent by {@code cx}. */
  public static Caster caster(Instance<?> cx) {
    checkNotNull(cx, "cx");
    return DirectCaster.INSTANCE;
  }

  /** The hook a proc mesh spawned by {@code cx} runs once its procs are up. */
  public static CommMeshHook commHook(Instance<?> cx) {
    checkNotNull(cx, "cx");
    return NO_COMM;
  }
}
