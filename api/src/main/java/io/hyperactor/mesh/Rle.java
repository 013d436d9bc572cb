package io.hyperactor.mesh;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.ValueOverlay.Run;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Run-length encoding helpers behind {@link ValueMesh} and {@link ValueOverlay}: encoding dense
 * values or value runs into a table plus id runs, and the right-wins merge of two run lists.
 */
final class Rle {
  private Rle() {}

  /** A table of values and the runs referencing it by index. */
  record Encoded<T>(ImmutableList<T> table, ImmutableList<ValueMesh.Run> runs) {}

  /**
   * Encodes dense {@code values} as runs of adjacent {@code same} values.
   *
   * <p>The table has one entry per run, in order, and is not deduplicated: {@code [A, A, B, B, B,
   * A]} gives table {@code [A, B, A]} and runs {@code [0..2->0, 2..5->1, 5..6->2]}. Only adjacent
   * elements are compared, so {@code same} needs to be reflexive and symmetric, not transitive.
   */
  static <T> Encoded<T> fromDense(List<T> values, BiPredicate<? super T, ? super T> same) {
    if (values.isEmpty()) {
      return new Encoded<>(ImmutableList.of(), ImmutableList.of());
    }
    ImmutableList.Builder<T> table = ImmutableList.builder();
    ImmutableList.Builder<ValueMesh.Run> runs = ImmutableList.builder();
    T current = values.get(0);
    table.add(current);
    int id = 0;
    int start = 0;
    for (int i = 1; i < values.size(); i++) {
      T v = values.get(i);
      if (!same.test(v, current)) {
        runs.add(new ValueMesh.Run(start, i, id));
        start = i;
        current = v;
        table.add(v);
        id++;
      }
    }
    runs.add(new ValueMesh.Run(start, values.size(), id));
    return new Encoded<>(table.build(), runs.build());
  }

  /**
   * Encodes normalized value runs (sorted, non-overlapping) into a globally deduplicated table in
   * first-appearance order, coalescing touching runs that get the same id.
   *
   * <p>{@code [0..2=A, 2..5=A, 5..6=B, 8..10=A]} gives table {@code [A, B]} and runs {@code
   * [0..5->0, 5..6->1, 8..10->0]}.
   */
  static <T> Encoded<T> fromValueRuns(List<Run<T>> runs) {
    return fromValueRuns(runs, List.of());
  }

  /**
   * {@link #fromValueRuns(List)} with {@code seed} taking the first table entries, in order,
   * whether or not a run uses them.
   */
  static <T> Encoded<T> fromValueRuns(List<Run<T>> runs, List<T> seed) {
    List<T> table = new ArrayList<>();
    Map<T, Integer> ids = new HashMap<>();
    for (T v : seed) {
      if (!ids.containsKey(v)) {
        ids.put(v, table.size());
        table.add(v);
      }
    }
    List<ValueMesh.Run> out = new ArrayList<>(runs.size());
    for (Run<T> r : runs) {
      Integer id = ids.get(r.value());
      if (id == null) {
        id = table.size();
        table.add(r.value());
        ids.put(r.value(), id);
      }
      if (!out.isEmpty()) {
        ValueMesh.Run last = out.get(out.size() - 1);
        if (last.end() == r.start() && last.id() == id) {
          out.set(out.size() - 1, new ValueMesh.Run(last.start(), r.end(), id));
          continue;
        }
      }
      out.add(new ValueMesh.Run(r.start(), r.end(), id));
    }
    return new Encoded<>(ImmutableList.copyOf(table), ImmutableList.copyOf(out));
  }

  /**
   * Merges two normalized run lists (sorted, non-overlapping, coalesced); where they overlap,
   * {@code right} wins. The result is normalized too.
   *
   * <p>Both lists are walked once with a cursor each; every emitted run is coalesced with the
   * previous one when they touch with equal values. {@code [0..4=Run, 6..8=Stop]} merged with
   * {@code [2..6=Init]} gives {@code [0..2=Run, 2..6=Init, 6..8=Stop]}.
   */
  static <T> ImmutableList<Run<T>> mergeValueRuns(List<Run<T>> left, List<Run<T>> right) {
    Output<T> out = new Output<>(left.size() + right.size());
    int li = 0;
    int ri = 0;
    // The current left run, trimmed from the front as pieces of it are emitted or overwritten.
    Run<T> l = li < left.size() ? left.get(li++) : null;
    Run<T> r = ri < right.size() ? right.get(ri++) : null;
    while (l != null && r != null) {
      if (l.start() < r.end() && r.start() < l.end()) {
        if (!l.value().equals(r.value()) && l.start() < r.start()) {
          // The left prefix before the right run cannot be overwritten any more.
          out.append(l.start(), r.start(), l.value());
          l = new Run<>(r.start(), l.end(), l.value());
          continue;
        }
        // Right wins: emit it whole (with the left run's start when the values are equal, so the
        // two become one run), then trim or drop every left run it covers. Upstream trims only
        // the current left run in the equal-value case, which lets a later left run that the
        // right run also covers overlap the output.
        long start = l.value().equals(r.value()) ? Math.min(l.start(), r.start()) : r.start();
        out.append(start, r.end(), r.value());
        long cut = r.end();
        while (l != null && l.start() < cut) {
          if (l.end() > cut) {
            l = new Run<>(cut, l.end(), l.value());
          } else {
            l = li < left.size() ? left.get(li++) : null;
          }
        }
        r = ri < right.size() ? right.get(ri++) : null;
      } else if (l.start() < r.start()) {
        out.append(l.start(), l.end(), l.value());
        l = li < left.size() ? left.get(li++) : null;
      } else {
        out.append(r.start(), r.end(), r.value());
        r = ri < right.size() ? right.get(ri++) : null;
      }
    }
    while (l != null) {
      out.append(l.start(), l.end(), l.value());
      l = li < left.size() ? left.get(li++) : null;
    }
    while (r != null) {
      out.append(r.start(), r.end(), r.value());
      r = ri < right.size() ? right.get(ri++) : null;
    }
    return ImmutableList.copyOf(out.runs);
  }

  /** An output run list that coalesces touching equal-value runs as they are appended. */
  private static final class Output<T> {
    final List<Run<T>> runs;

    Output(int capacity) {
      runs = new ArrayList<>(capacity);
    }

    void append(long start, long end, T value) {
      if (!runs.isEmpty()) {
        Run<T> last = runs.get(runs.size() - 1);
        if (last.end() == start && last.value().equals(value)) {
          runs.set(runs.size() - 1, new Run<>(last.start(), end, value));
          return;
        }
      }
      runs.add(new Run<>(start, end, value));
    }
  }
}
