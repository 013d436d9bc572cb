package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.ValueOverlay;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Factories for the common accumulators; each names its built-in reducer (see {@link Reducers}).
 *
 * <pre>{@code
 * AccumPortReceiver<Long, Long> total = cx.openAccumPort(Accumulators.sum());
 * }</pre>
 */
public final class Accumulators {
  private Accumulators() {}

  /**
   * The sum of the updates, starting at 0.
   *
   * <p>Not idempotent: a duplicated update is counted twice. Across casts with at-least-once
   * replies prefer {@link #gCounter()}.
   */
  public static Accumulator<Long, Long> sum() {
    return of(0L, Math::addExact, Reducers.SUM);
  }

  /** The greatest update, starting at {@link Long#MIN_VALUE}. */
  public static Accumulator<Long, Long> max() {
    return of(Long.MIN_VALUE, Math::max, Reducers.MAX);
  }

  /** The least update, starting at {@link Long#MAX_VALUE}. */
  public static Accumulator<Long, Long> min() {
    return of(Long.MAX_VALUE, Math::min, Reducers.MIN);
  }

  /** The greatest update read as unsigned, starting at 0. */
  public static Accumulator<Long, Long> maxUnsigned() {
    return of(0L, Reducers.maxUnsigned()::reduce, Reducers.MAX_UNSIGNED);
  }

  /** The least update read as unsigned, starting at the unsigned maximum ({@code -1L}). */
  public static Accumulator<Long, Long> minUnsigned() {
    return of(-1L, Reducers.minUnsigned()::reduce, Reducers.MIN_UNSIGNED);
  }

  /** The join of every {@link WatermarkUpdate}, starting with no rank reported. */
  public static <T extends Comparable<? super T>>
      Accumulator<WatermarkUpdate<T>, WatermarkUpdate<T>> watermark() {
    return join(WatermarkUpdate.<T>empty(), Reducers.WATERMARK);
  }

  /** The join of every {@link GCounter} update, starting with no rank reported. */
  public static Accumulator<GCounter, GCounter> gCounter() {
    return join(GCounter.empty(), Reducers.GCOUNTER);
  }

  /** The join of every {@link PNCounter} update, starting with no rank reported. */
  public static Accumulator<PNCounter, PNCounter> pnCounter() {
    return join(PNCounter.empty(), Reducers.PNCOUNTER);
  }

  /**
   * A mesh built up from overlay updates, right-wins; {@code template} is the mesh before any
   * update (typically every rank at a "not yet known" value).
   *
   * <p>The state starts as the {@linkplain ValueMesh#empty() empty mesh}; the first update replaces
   * it by {@code template}, then every update is merged in with {@link ValueMesh#mergeFromOverlay}.
   * Overlays on their way are combined by {@link Reducers#VALUE_OVERLAY}, the later one winning,
   * which agrees with merging them one by one.
   *
   * <pre>{@code
   * ValueMesh<Status> template = ValueMesh.fromSingle(region, Status.NOT_EXIST);
   * AccumPortReceiver<ValueOverlay<Status>, ValueMesh<Status>> statuses =
   *     cx.openAccumPort(Accumulators.valueMesh(template));
   * }</pre>
   */
  public static <T> Accumulator<ValueMesh<T>, ValueOverlay<T>> valueMesh(ValueMesh<T> template) {
    checkNotNull(template, "template");
    return of(
        ValueMesh.<T>empty(),
        (state, update) -> (state.numRanks() == 0 ? template : state).mergeFromOverlay(update),
        Reducers.VALUE_OVERLAY);
  }

  /**
   * The join of every update of a lattice, starting at {@code bottom}, reduced by the reducer
   * registered as {@code reducer}.
   */
  public static <L extends JoinSemilattice<L>> Accumulator<L, L> join(
      L bottom, ReducerSpec reducer) {
    return of(bottom, JoinSemilattice::join, reducer);
  }

  /**
   * An accumulator folding with {@code fold} from {@code initial}, whose updates may be combined on
   * their way by the reducer registered as {@code reducer}.
   */
  public static <S, U> Accumulator<S, U> of(
      S initial, BiFunction<S, U, S> fold, ReducerSpec reducer) {
    return new Fold<>(initial, fold, Optional.of(checkNotNull(reducer, "reducer")));
  }

  /** An accumulator folding with {@code fold} from {@code initial}, without a reducer. */
  public static <S, U> Accumulator<S, U> of(S initial, BiFunction<S, U, S> fold) {
    return new Fold<>(initial, fold, Optional.empty());
  }

  private record Fold<S, U>(S initial, BiFunction<S, U, S> fold, Optional<ReducerSpec> spec)
      implements Accumulator<S, U> {
    Fold {
      checkNotNull(initial, "initial");
      checkNotNull(fold, "fold");
    }

    @Override
    public S initialState() {
      return initial;
    }

    @Override
    public S accumulate(S state, U update) {
      return checkNotNull(
          fold.apply(checkNotNull(state, "state"), checkNotNull(update, "update")),
          "accumulated state");
    }

    @Override
    public Optional<ReducerSpec> reducerSpec() {
      return spec;
    }
  }
}
