package io.hyperactor.mesh.accum;

import java.util.Optional;

/**
 * Folds updates of type {@code U} into a state of type {@code S}.
 *
 * <p>An accumulating port (see {@link io.hyperactor.Instance#openAccumPort}) starts from {@link
 * #initialState()}, folds every update it receives with {@link #accumulate} and hands the new state
 * to its receiver. When the accumulator names a {@link #reducerSpec() reducer}, updates sent to the
 * port through a cast may be combined by that reducer before they arrive; the reducer must then
 * agree with the fold: accumulating {@code reduce(a, b)} must give the state that accumulating
 * {@code a} and then {@code b} gives.
 *
 * <p>States and updates are immutable values; {@code accumulate} returns the new state instead of
 * changing the old one. Implementations must be thread-safe (stateless in practice).
 *
 * <pre>{@code
 * Accumulator<Long, Long> sum = Accumulators.sum();
 * long total = sum.accumulate(sum.accumulate(sum.initialState(), 2L), 3L);   // 5
 * }</pre>
 *
 * @param <S> the accumulated state
 * @param <U> the updates
 */
public interface Accumulator<S, U> {

  /** The state before any update. */
  S initialState();

  /**
   * The state after applying {@code update} to {@code state}.
   *
   * @throws IllegalArgumentException when {@code update} cannot be applied to {@code state}
   */
  S accumulate(S state, U update);

  /** The reducer that may combine updates on their way to this accumulator, if any. */
  Optional<ReducerSpec> reducerSpec();
}
