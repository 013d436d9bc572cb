package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sparse statuses by rank: sorted, non-empty, non-overlapping runs of ranks sharing a status, with
 * touching runs of equal status coalesced.
 *
 * <p>An agent answers a rank-status query with a single run {@code [rank, rank + 1)}, or with an
 * empty overlay when it does not know the resource ("nothing known from this rank"). Receivers
 * merge overlays into a per-rank view, later values winning.
 *
 * @param runs the normalized runs (an immutable copy is kept)
 */
public record StatusOverlay(List<Run> runs) {
  private static final StatusOverlay EMPTY = new StatusOverlay(ImmutableList.of());

  /**
   * The ranks {@code [start, end)} sharing {@code status}.
   *
   * @param start the first rank
   * @param end one past the last rank; greater than {@code start}
   * @param status the ranks' status
   */
  public record Run(long start, long end, Status status) {
    public Run {
      checkArgument(start >= 0, "run start must be >= 0, got %s", start);
      checkArgument(end > start, "empty or inverted run [%s, %s) of status %s", start, end, status);
      checkNotNull(status, "status");
    }

    @Override
    public String toString() {
      return "[" + start + ", " + end + ") " + status;
    }
  }

  public StatusOverlay {
    runs = ImmutableList.copyOf(checkNotNull(runs, "runs"));
    for (int i = 1; i < runs.size(); i++) {
      Run prev = runs.get(i - 1);
      Run next = runs.get(i);
      checkArgument(
          prev.end() <= next.start(),
          "overlapping or unsorted runs %s and %s; build overlays with tryFromRuns",
          prev,
          next);
      checkArgument(
          prev.end() != next.start() || !prev.status().equals(next.status()),
          "touching runs %s and %s of equal status must be coalesced; build overlays with"
              + " tryFromRuns",
          prev,
          next);
    }
  }

  /** The overlay that knows nothing. */
  public static StatusOverlay empty() {
    return EMPTY;
  }

  /** The overlay holding {@code status} for the single rank {@code rank}. */
  public static StatusOverlay single(long rank, Status status) {
    return new StatusOverlay(ImmutableList.of(new Run(rank, rank + 1, status)));
  }

  /**
   * Normalizes {@code runs}: sorts them by start and coalesces touching runs of equal status.
   *
   * @throws IllegalArgumentException naming both runs when two overlap
   */
  public static StatusOverlay tryFromRuns(List<Run> runs) {
    checkNotNull(runs, "runs");
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingLong(Run::start));
    List<Run> out = new ArrayList<>();
    for (Run r : sorted) {
      if (out.isEmpty()) {
        out.add(r);
        continue;
      }
      Run last = out.get(out.size() - 1);
      checkArgument(r.start() >= last.end(), "overlapping runs %s and %s", last, r);
      if (r.start() == last.end() && r.status().equals(last.status())) {
        out.set(out.size() - 1, new Run(last.start(), r.end(), r.status()));
      } else {
        out.add(r);
      }
    }
    return new StatusOverlay(ImmutableList.copyOf(out));
  }

  /** True when no rank is known. */
  public boolean isEmpty() {
    return runs.isEmpty();
  }

  @Override
  public String toString() {
    return runs.toString();
  }
}
