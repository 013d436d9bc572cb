package io.hyperactor.mesh.accum;

import io.hyperactor.mesh.ValueOverlay;

/**
 * The built-in reducers and the names they travel under.
 *
 * <p>Every proc resolves these names ({@link ReducerRegistry#builtins()}); the accumulators of
 * {@link Accumulators} name them in their {@link Accumulator#reducerSpec()}.
 *
 * <table>
 *   <caption>Built-in reducers</caption>
 *   <tr><th>name</th><th>updates</th><th>reduction</th></tr>
 *   <tr><td>{@link #SUM}</td><td>{@code Long}</td><td>{@code l + r}; not idempotent</td></tr>
 *   <tr><td>{@link #MAX}, {@link #MIN}</td><td>{@code Long}</td><td>signed max / min</td></tr>
 *   <tr><td>{@link #MAX_UNSIGNED}, {@link #MIN_UNSIGNED}</td><td>{@code Long}</td>
 *       <td>max / min of the values read as unsigned</td></tr>
 *   <tr><td>{@link #WATERMARK}, {@link #GCOUNTER}, {@link #PNCOUNTER}</td>
 *       <td>the lattice</td><td>{@link JoinSemilattice#join}</td></tr>
 *   <tr><td>{@link #VALUE_OVERLAY}</td><td>{@link ValueOverlay}</td>
 *       <td>{@link ValueOverlay#merge}: right wins</td></tr>
 * </table>
 */
public final class Reducers {
  /** Sums {@code Long} updates. */
  public static final ReducerSpec SUM = new ReducerSpec("hyperactor.accum.sum_i64");

  /** Keeps the greater {@code Long}. */
  public static final ReducerSpec MAX = new ReducerSpec("hyperactor.accum.max_i64");

  /** Keeps the lesser {@code Long}. */
  public static final ReducerSpec MIN = new ReducerSpec("hyperactor.accum.min_i64");

  /** Keeps the greater {@code Long}, read as unsigned. */
  public static final ReducerSpec MAX_UNSIGNED = new ReducerSpec("hyperactor.accum.max_u64");

  /** Keeps the lesser {@code Long}, read as unsigned. */
  public static final ReducerSpec MIN_UNSIGNED = new ReducerSpec("hyperactor.accum.min_u64");

  /** Joins {@link WatermarkUpdate}s. */
  public static final ReducerSpec WATERMARK = new ReducerSpec("hyperactor.accum.watermark");

  /** Joins {@link GCounter}s. */
  public static final ReducerSpec GCOUNTER = new ReducerSpec("hyperactor.accum.gcounter");

  /** Joins {@link PNCounter}s. */
  public static final ReducerSpec PNCOUNTER = new ReducerSpec("hyperactor.accum.pncounter");

  /**
   * Merges {@link ValueOverlay}s, the later one winning. One name serves every value type: the
   * merge only compares values with {@code equals}.
   */
  public static final ReducerSpec VALUE_OVERLAY = new ReducerSpec("hyperactor.accum.value_overlay");

  private Reducers() {}

  /**
   * Sums.
   *
   * @throws ArithmeticException (from {@code reduce}) when the sum overflows a {@code long}
   */
  public static Reducer<Long> sum() {
    return Math::addExact;
  }

  /** The greater of two values. */
  public static Reducer<Long> max() {
    return Math::max;
  }

  /** The lesser of two values. */
  public static Reducer<Long> min() {
    return Math::min;
  }

  /** The greater of two values read as unsigned 64-bit integers. */
  public static Reducer<Long> maxUnsigned() {
    return (l, r) -> Long.compareUnsigned(l, r) >= 0 ? l : r;
  }

  /** The lesser of two values read as unsigned 64-bit integers. */
  public static Reducer<Long> minUnsigned() {
    return (l, r) -> Long.compareUnsigned(l, r) <= 0 ? l : r;
  }

  /** The join of two lattice values. */
  public static <L extends JoinSemilattice<L>> Reducer<L> join() {
    return JoinSemilattice::join;
  }

  /** The right-wins merge of two overlays ({@link ValueOverlay#merge}). */
  public static <T> Reducer<ValueOverlay<T>> valueOverlay() {
    return ValueOverlay::merge;
  }
}
