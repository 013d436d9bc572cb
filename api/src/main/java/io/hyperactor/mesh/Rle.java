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
