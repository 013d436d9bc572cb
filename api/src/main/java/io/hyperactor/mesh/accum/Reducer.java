package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * Combines two updates into one.
 *
 * <p>Reduction must be associative and commutative: replies to a cast are combined at every hop of
 * the routing tree in whatever order they arrive, and the receiver must see the same result either
 * way. A reducer that is also idempotent ({@code reduce(a, a) == a}, as for the lattices {@link
 * GCounter}, {@link PNCounter} and {@link WatermarkUpdate}) tolerates duplicated updates too; a sum
 * does not. Implementations must be thread-safe (stateless in practice).
 *
 * @param <T> the update type
 */
@FunctionalInterface
public interface Reducer<T> {

  /**
   * The combination of {@code left} and {@code right}, where {@code left} arrived first.
   *
   * @throws IllegalArgumentException when the two cannot be combined
   */
  T reduce(T left, T right);

  /**
   * All of {@code updates} reduced left to right; a single update is returned as is.
   *
   * @throws IllegalArgumentException when {@code updates} is empty or two cannot be combined
   */
  default T reduceAll(List<? extends T> updates) {
    checkNotNull(updates, "updates");
    checkArgument(!updates.isEmpty(), "cannot reduce an empty list of updates");
    T acc = updates.get(0);
    for (int i = 1; i < updates.size(); i++) {
      acc = reduce(acc, updates.get(i));
    }
    return acc;
  }
}
