package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A sparse, partial assignment of values to ranks: sorted runs {@code [start, end) -> value}.
 *
 * <p>Where a {@link ValueMesh} holds exactly one value for every rank of its region, an overlay
 * names only the ranks that changed, so small incremental updates (a rank reporting its status,
 * say) can be built, sent and merged without materializing a value per rank. Merging is
 * <em>right-wins</em>: where two overlays (or a mesh and an overlay) disagree on a rank, the later
 * one's value is kept; see {@link #merge} and {@link ValueMesh#mergeFromOverlay}.
 *
 * <p>Invariant (VO-1): runs are non-empty, sorted by start, non-overlapping, and touching runs of
 * equal value are coalesced. Every factory establishes it and the canonical constructor checks it.
 * Region bounds are not checked here but when the overlay is merged into a mesh. Values are
 * compared with {@link Object#equals}. Immutable.
 *
 * <pre>{@code
 * ValueOverlay<Status> update = ValueOverlay.of(3, 4, Status.RUNNING);   // rank 3 is running
 * ValueMesh<Status> statuses = template.mergeFromOverlay(update);
 * }</pre>
 *
 * @param runs the normalized runs (an immutable copy is kept)
 * @param <T> the value type
 */
public record ValueOverlay<T>(List<Run<T>> runs) {
  private static final ValueOverlay<Object> EMPTY = new ValueOverlay<>(ImmutableList.of());

  /**
   * The ranks {@code [start, end)}, all holding {@code value}.
   *
   * @param start the first rank, {@code >= 0}
   * @param end one past the last rank, {@code > start}
   * @param value the ranks' value
   * @param <T> the value type
   */
  public record Run<T>(long start, long end, T value) {
    /**
     * @throws OverlayBuildException of kind {@code EMPTY_RANGE} when {@code end <= start}
     */
    public Run {
      checkArgument(start >= 0, "run start must be >= 0, got %s", start);
      checkNotNull(value, "value");
      if (end <= start) {
        throw OverlayBuildException.emptyRange(start, end);
      }
    }

    /** The number of ranks covered. */
    public long length() {
      return end - start;
    }

    /** Whether {@code rank} lies in this run. */
    public boolean contains(long rank) {
      return start <= rank && rank < end;
    }

    @Override
    public String toString() {
      return start + ".." + end + "=" + value;
    }
  }

  /**
   * Checks VO-1.
   *
   * @throws OverlayBuildException when runs overlap or are out of order
   * @throws IllegalArgumentException when touching runs of equal value are not coalesced
   */
  public ValueOverlay {
    runs = ImmutableList.copyOf(checkNotNull(runs, "runs"));
    for (int i = 1; i < runs.size(); i++) {
      Run<T> prev = runs.get(i - 1);
      Run<T> next = runs.get(i);
      if (next.start() < prev.end()) {
        throw OverlayBuildException.overlapping(prev, next);
      }
      checkArgument(
          next.start() != prev.end() || !next.value().equals(prev.value()),
          "touching runs %s and %s of equal value must be coalesced; build overlays with"
              + " tryFromRuns",
          prev,
          next);
    }
  }

  /** The overlay that assigns nothing. */
  @SuppressWarnings("unchecked")
  public static <T> ValueOverlay<T> empty() {
    return (ValueOverlay<T>) EMPTY;
  }

  /** The overlay assigning {@code value} to the ranks {@code [start, end)}. */
  public static <T> ValueOverlay<T> of(long start, long end, T value) {
    return new ValueOverlay<>(ImmutableList.of(new Run<>(start, end, value)));
  }

  /**
   * Builds an overlay from runs in any order: sorts them by {@code (start, end)} and coalesces
   * touching runs of equal value.
   *
   * <pre>{@code
   * tryFromRuns([8..10=2, 5..8=2, 12..14=3])  ==  [5..10=2, 12..14=3]
   * }</pre>
   *
   * @throws OverlayBuildException when two runs overlap
   */
  public static <T> ValueOverlay<T> tryFromRuns(List<Run<T>> runs) {
    return new ValueOverlay<>(normalize(runs));
  }

  /**
   * The runs sorted by {@code (start, end)}, with touching equal-value runs coalesced.
   *
   * @throws OverlayBuildException when two runs overlap
   */
  static <T> ImmutableList<Run<T>> normalize(List<Run<T>> runs) {
    checkNotNull(runs, "runs");
    List<Run<T>> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.<Run<T>>comparingLong(Run::start).thenComparingLong(Run::end));
    List<Run<T>> out = new ArrayList<>(sorted.size());
    for (Run<T> r : sorted) {
      checkNotNull(r, "run");
      if (!out.isEmpty()) {
        Run<T> prev = out.get(out.size() - 1);
        if (r.start() < prev.end()) {
          throw OverlayBuildException.overlapping(prev, r);
        }
        if (prev.end() == r.start() && prev.value().equals(r.value())) {
          out.set(out.size() - 1, new Run<>(prev.start(), r.end(), r.value()));
          continue;
        }
      }
      out.add(r);
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * This overlay with the run {@code [start, end) -> value} added.
   *
   * <p>A run after the last one is appended (coalesced when it touches an equal value) in time
   * proportional to the number of runs; anything else re-sorts all runs. For many runs in any
   * order, prefer {@link #tryFromRuns}. This overlay is unchanged either way.
   *
   * @throws OverlayBuildException when the range is empty or overlaps an existing run
   */
  public ValueOverlay<T> pushRun(long start, long end, T value) {
    Run<T> run = new Run<>(start, end, value);
    if (runs.isEmpty()) {
      return new ValueOverlay<>(ImmutableList.of(run));
    }
    Run<T> last = runs.get(runs.size() - 1);
    if (last.end() <= start) {
      ImmutableList.Builder<Run<T>> b = ImmutableList.builderWithExpectedSize(runs.size() + 1);
      if (last.end() == start && last.value().equals(value)) {
        b.addAll(runs.subList(0, runs.size() - 1));
        b.add(new Run<>(last.start(), end, value));
      } else {
        b.addAll(runs).add(run);
      }
      return new ValueOverlay<>(b.build());
    }
    List<Run<T>> all = new ArrayList<>(runs);
    all.add(run);
    return tryFromRuns(all);
  }

  /**
   * The overlay holding both overlays' runs, where {@code right} wins every rank both assign.
   *
   * <p>This is the reduction of overlay updates: the later update's value replaces the earlier
   * one's. For example {@code [0..4=Running, 6..8=Stopped]} merged with {@code [2..6=Init]} is
   * {@code [0..2=Running, 2..6=Init, 6..8=Stopped]}.
   */
  public static <T> ValueOverlay<T> merge(ValueOverlay<T> left, ValueOverlay<T> right) {
    checkNotNull(left, "left");
    checkNotNull(right, "right");
    return new ValueOverlay<>(Rle.mergeValueRuns(left.runs, right.runs));
  }

  /** True when no rank is assigned. */
  public boolean isEmpty() {
    return runs.isEmpty();
  }

  /** The number of runs. */
  public int size() {
    return runs.size();
  }

  @Override
  public String toString() {
    return runs.toString();
  }
}
