package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A grow-only distributed counter (G-Counter CRDT): each rank reports its own running count, and
 * the counter's value is the sum of the latest count of every rank.
 *
 * <p>Joining keeps the larger count per rank, so updates may be merged in any order and any number
 * of times: a duplicated or stale update changes nothing. That makes it the right choice for
 * counting across a cast with at-least-once replies, where {@link Accumulators#sum()} would count
 * duplicates twice. Immutable.
 *
 * <pre>{@code
 * GCounter c = GCounter.of(0, 10).join(GCounter.of(1, 20)).join(GCounter.of(0, 15));
 * c.get();   // 35: rank 0 at 15, rank 1 at 20
 * }</pre>
 *
 * @param counts each rank's count; an immutable copy sorted by rank is kept
 */
public record GCounter(Map<Long, Long> counts) implements JoinSemilattice<GCounter> {
  private static final GCounter EMPTY = new GCounter(ImmutableMap.of());

  public GCounter {
    checkNotNull(counts, "counts");
    counts.forEach(
        (rank, count) -> {
          checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
          checkArgument(count >= 0, "count of rank %s must be >= 0, got %s", rank, count);
        });
    counts = ImmutableSortedMap.copyOf(counts);
  }

  /** The counter no rank has reported to. */
  public static GCounter empty() {
    return EMPTY;
  }

  /** Rank {@code rank} reporting its running count {@code count}. */
  public static GCounter of(long rank, long count) {
    return new GCounter(ImmutableMap.of(rank, count));
  }

  /** The counter's value: the sum of every rank's count. */
  public long get() {
    long total = 0;
    for (long c : counts.values()) {
      total = Math.addExact(total, c);
    }
    return total;
  }

  /** The count of {@code rank}, if it reported. */
  public OptionalLong getRank(long rank) {
    Long c = counts.get(rank);
    return c == null ? OptionalLong.empty() : OptionalLong.of(c);
  }

  /** The number of ranks that reported. */
  public int numRanks() {
    return counts.size();
  }

  /** The pointwise maximum of both counters. */
  @Override
  public GCounter join(GCounter other) {
    checkNotNull(other, "other");
    return new GCounter(pointwiseMax(counts, other.counts));
  }

  static ImmutableMap<Long, Long> pointwiseMax(Map<Long, Long> a, Map<Long, Long> b) {
    if (b.isEmpty()) {
      return ImmutableMap.copyOf(a);
    }
    TreeMap<Long, Long> out = new TreeMap<>(a);
    b.forEach((rank, count) -> out.merge(rank, count, Math::max));
    return ImmutableSortedMap.copyOfSorted(out);
  }

  @Override
  public String toString() {
    return "GCounter" + counts;
  }
}
