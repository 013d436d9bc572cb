package io.hyperactor.mesh.accum;

/**
 * A value with a join: an associative, commutative and idempotent combination, so that replicas
 * exchanging values in any order, any number of times, converge.
 *
 * <p>{@link GCounter}, {@link PNCounter} and {@link WatermarkUpdate} are join semilattices; {@link
 * Reducers#join()} reduces any of them and {@link Accumulators#join} accumulates them.
 *
 * @param <L> the implementing type
 */
public interface JoinSemilattice<L extends JoinSemilattice<L>> {

  /** The least value at least as large as both this and {@code other}. */
  L join(L other);
}
