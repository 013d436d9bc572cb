package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A low watermark over ranks: the minimum of every rank's latest reported value.
 *
 * <p>Each rank's value is a last-writer-wins register: an update carries a logical timestamp (a
 * per-rank sequence number, say), and joining keeps the value with the higher timestamp, the higher
 * replica id on a tie. "Latest" is therefore by timestamp, not by arrival, so a rank may report a
 * lower value than before (after a recovery) and updates still merge in any order and any number of
 * times. Immutable.
 *
 * <pre>{@code
 * WatermarkUpdate<Long> w = WatermarkUpdate.of(0, 100L, 1).join(WatermarkUpdate.of(1, 50L, 1));
 * w.get();   // 50
 * }</pre>
 *
 * @param ranks each rank's latest register; an immutable copy sorted by rank is kept
 * @param <T> the watermark value
 */
public record WatermarkUpdate<T extends Comparable<? super T>>(Map<Long, Lww<T>> ranks)
    implements JoinSemilattice<WatermarkUpdate<T>> {
  private static final WatermarkUpdate<?> EMPTY = new WatermarkUpdate<>(ImmutableMap.of());

  /**
   * One rank's last-writer-wins register.
   *
   * @param value the reported value
   * @param timestamp the logical time of the report; the higher one wins
   * @param replica the writer, breaking timestamp ties (the rank)
   * @param <T> the value type
   */
  public record Lww<T>(T value, long timestamp, long replica) {
    public Lww {
      checkNotNull(value, "value");
    }

    /**
     * The later of the two registers.
     *
     * @throws IllegalArgumentException when both have the same timestamp and replica but different
     *     values, which only two writers sharing a replica id can cause
     */
    public Lww<T> join(Lww<T> other) {
      if (timestamp != other.timestamp) {
        return timestamp > other.timestamp ? this : other;
      }
      if (replica != other.replica) {
        return replica > other.replica ? this : other;
      }
      checkArgument(
          value.equals(other.value),
          "conflicting watermark reports at timestamp %s from replica %s: %s and %s",
          timestamp,
          replica,
          value,
          other.value);
      return this;
    }
  }

  public WatermarkUpdate {
    checkNotNull(ranks, "ranks");
    ranks.forEach(
        (rank, lww) -> {
          checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
          checkNotNull(lww, "register of rank %s", rank);
        });
    ranks = ImmutableSortedMap.copyOf(ranks);
  }

  /** The watermark no rank has reported to. */
  @SuppressWarnings("unchecked")
  public static <T extends Comparable<? super T>> WatermarkUpdate<T> empty() {
    return (WatermarkUpdate<T>) EMPTY;
  }

  /** Rank {@code rank} reporting {@code value} at logical time {@code timestamp}. */
  public static <T extends Comparable<? super T>> WatermarkUpdate<T> of(
      long rank, T value, long timestamp) {
    return new WatermarkUpdate<>(ImmutableMap.of(rank, new Lww<>(value, timestamp, rank)));
  }

  /**
   * The watermark: the least of the ranks' latest values.
   *
   * @throws IllegalStateException when no rank has reported
   */
  public T get() {
    checkState(!ranks.isEmpty(), "the watermark has no value: no rank has reported");
    return ranks.values().stream().map(Lww::value).min(Comparator.naturalOrder()).orElseThrow();
  }

  /** The latest value of {@code rank}, if it reported. */
  public Optional<T> getRank(long rank) {
    Lww<T> lww = ranks.get(rank);
    return lww == null ? Optional.empty() : Optional.of(lww.value());
  }

  /** The number of ranks that reported. */
  public int numRanks() {
    return ranks.size();
  }

  /** The latest register of every rank of either update. */
  @Override
  public WatermarkUpdate<T> join(WatermarkUpdate<T> other) {
    checkNotNull(other, "other");
    if (other.ranks.isEmpty()) {
      return this;
    }
    TreeMap<Long, Lww<T>> out = new TreeMap<>(ranks);
    other.ranks.forEach((rank, lww) -> out.merge(rank, lww, Lww::join));
    return new WatermarkUpdate<>(ImmutableSortedMap.copyOfSorted(out));
  }
}
