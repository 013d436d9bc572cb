package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.ValueOverlay.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Values by rank, stored as sorted runs of ranks sharing a value: compact when few distinct values
 * cover many ranks, as the statuses of a mesh's actors do.
 *
 * <p>The older form of a {@link ValueOverlay} (it is one, with a few queries of its own), kept for
 * the statuses reported with a failed spawn. Merging is right-wins, as for overlays. Immutable.
 *
 * <pre>{@code
 * RankedValues<Status> all = RankedValues.of(0, 50, Status.NOT_EXIST);
 * all = all.mergeFrom(RankedValues.of(3, Status.RUNNING));
 * all.rank(10);   // 10: ranks 0..9 have a value
 * }</pre>
 *
 * @param overlay the runs
 * @param <T> the value type
 */
public record RankedValues<T>(ValueOverlay<T> overlay) {
  public RankedValues {
    checkNotNull(overlay, "overlay");
  }

  /** No values. */
  public static <T> RankedValues<T> empty() {
    return new RankedValues<>(ValueOverlay.empty());
  }

  /** {@code value} at the single rank {@code rank}. */
  public static <T> RankedValues<T> of(long rank, T value) {
    return of(rank, rank + 1, value);
  }

  /** {@code value} at the ranks {@code [start, end)}. */
  public static <T> RankedValues<T> of(long start, long end, T value) {
    return new RankedValues<>(ValueOverlay.of(start, end, value));
  }

  /**
   * The values of {@code runs}, given in any order.
   *
   * @throws io.hyperactor.mesh.OverlayBuildException when two runs overlap
   */
  public static <T> RankedValues<T> fromRuns(List<Run<T>> runs) {
    return new RankedValues<>(ValueOverlay.tryFromRuns(runs));
  }

  /**
   * Every value of {@code mesh} that {@code isSentinel} does not reject, over {@code dflt} at the
   * ranks {@code [0, len)}.
   */
  public static <T> RankedValues<T> fromMeshWithDefault(
      ValueMesh<T> mesh, T dflt, Predicate<? super T> isSentinel, long len) {
    checkNotNull(mesh, "mesh");
    checkNotNull(isSentinel, "isSentinel");
    List<Run<T>> set = new ArrayList<>();
    for (Run<T> run : mesh.valueRuns()) {
      if (!isSentinel.test(run.value())) {
        set.add(run);
      }
    }
    RankedValues<T> base = len == 0 ? empty() : of(0, len, dflt);
    return base.mergeFrom(fromRuns(set));
  }

  /** The runs, sorted by rank: an immutable list. */
  public List<Run<T>> runs() {
    return overlay.runs();
  }

  /** These values with {@code other}'s merged in; where both have a value, {@code other}'s wins. */
  public RankedValues<T> mergeFrom(RankedValues<T> other) {
    checkNotNull(other, "other");
    return new RankedValues<>(ValueOverlay.merge(overlay, other.overlay));
  }

  /** The number of ranks below {@code value} that have a value. */
  public long rank(long value) {
    long n = 0;
    for (Run<T> run : overlay.runs()) {
      if (run.start() > value) {
        break;
      }
      n += Math.min(run.end(), value) - run.start();
    }
    return n;
  }

  /**
   * The values of the ranks {@code [0, until)}, in rank order, as an immutable list.
   *
   * @throws IllegalArgumentException when some rank below {@code until} has no value
   */
  public List<T> materialized(long until) {
    checkArgument(
        rank(until) == until,
        "insufficient rank: only %s of the ranks below %s have a value",
        rank(until),
        until);
    ImmutableList.Builder<T> out = ImmutableList.builder();
    for (Run<T> run : overlay.runs()) {
      for (long r = run.start(); r < Math.min(run.end(), until); r++) {
        out.add(run.value());
      }
    }
    return out.build();
  }

  /** The runs of every value, values in order of first appearance. */
  public ValuesByRank<T> invert() {
    Map<T, List<Run<T>>> byValue = new LinkedHashMap<>();
    for (Run<T> run : overlay.runs()) {
      byValue.computeIfAbsent(run.value(), v -> new ArrayList<>()).add(run);
    }
    return new ValuesByRank<>(byValue);
  }

  /** The first rank whose status is terminating (stopping, stopped, failed or timed out). */
  public static Optional<Map.Entry<Long, Status>> firstTerminating(RankedValues<Status> values) {
    return first(values, Status::isTerminating);
  }

  /** The first rank whose status is a failure (failed or timed out). */
  public static Optional<Map.Entry<Long, Status>> firstFailed(RankedValues<Status> values) {
    return first(values, Status::isFailure);
  }

  private static Optional<Map.Entry<Long, Status>> first(
      RankedValues<Status> values, Predicate<Status> p) {
    for (Run<Status> run : values.runs()) {
      if (p.test(run.value())) {
        return Optional.of(Map.entry(run.start(), run.value()));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return overlay.toString();
  }

  /**
   * The runs of ranks holding each value; displayed as {@code v=a..b,c..d;w=e..f}.
   *
   * @param runs each value's runs, in rank order (an immutable copy of the map and of each list is
   *     kept, in the map's order)
   * @param <T> the value type
   */
  public record ValuesByRank<T>(Map<T, List<Run<T>>> runs) {
    public ValuesByRank {
      ImmutableMap.Builder<T, List<Run<T>>> copy = ImmutableMap.builder();
      checkNotNull(runs, "runs")
          .forEach((value, ranges) -> copy.put(value, ImmutableList.copyOf(ranges)));
      runs = copy.buildOrThrow();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      runs.forEach(
          (value, ranges) -> {
            if (!out.isEmpty()) {
              out.append(';');
            }
            out.append(value).append('=');
            for (int i = 0; i < ranges.size(); i++) {
              if (i > 0) {
                out.append(',');
              }
              out.append(ranges.get(i).start()).append("..").append(ranges.get(i).end());
            }
          });
      return out.toString();
    }
  }
}
