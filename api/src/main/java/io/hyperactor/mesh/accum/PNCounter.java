package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An increment/decrement distributed counter (PN-Counter CRDT): two {@link GCounter}s, one of
 * increments and one of decrements; the value is their difference.
 *
 * <p>Each rank reports its running totals of increments and of decrements; both halves join by
 * pointwise maximum, so updates merge in any order and any number of times. Immutable.
 *
 * <pre>{@code
 * PNCounter c = PNCounter.inc(0, 10).join(PNCounter.dec(0, 3)).join(PNCounter.inc(1, 5));
 * c.get();   // 12
 * }</pre>
 *
 * @param increments each rank's running total of increments
 * @param decrements each rank's running total of decrements
 */
public record PNCounter(GCounter increments, GCounter decrements)
    implements JoinSemilattice<PNCounter> {
  private static final PNCounter EMPTY = new PNCounter(GCounter.empty(), GCounter.empty());

  public PNCounter {
    checkNotNull(increments, "increments");
    checkNotNull(decrements, "decrements");
  }

  /** The counter no rank has reported to. */
  public static PNCounter empty() {
    return EMPTY;
  }

  /** Rank {@code rank} reporting its running total of increments. */
  public static PNCounter inc(long rank, long total) {
    return new PNCounter(GCounter.of(rank, total), GCounter.empty());
  }

  /** Rank {@code rank} reporting its running total of decrements. */
  public static PNCounter dec(long rank, long total) {
    return new PNCounter(GCounter.empty(), GCounter.of(rank, total));
  }

  /** The counter's value: all increments minus all decrements. */
  public long get() {
    return Math.subtractExact(increments.get(), decrements.get());
  }

  /** The number of ranks that reported increments. */
  public int numIncRanks() {
    return increments.numRanks();
  }

  /** The number of ranks that reported decrements. */
  public int numDecRanks() {
    return decrements.numRanks();
  }

  /** Both halves joined pointwise. */
  @Override
  public PNCounter join(PNCounter other) {
    checkNotNull(other, "other");
    return new PNCounter(increments.join(other.increments), decrements.join(other.decrements));
  }
}
