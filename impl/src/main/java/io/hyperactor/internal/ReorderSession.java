package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ordering state of one sender session at a {@link ReorderBuffer}: the epoch it is in, the
 * last sequence number released and, once a gap has formed, the items held until it fills. Guarded
 * by its own lock.
 *
 * <p>Not final: a reorder buffer is itself the state of its first session, since most actors
 * hear from one sender and a separate object would be per-actor memory.
 */
class ReorderSession {
  /** The session's id; null only while a buffer's own session is unclaimed. */
  volatile @Nullable UUID id;

  // The last sequence number released, while the session has no Gap state; then the Gap keeps it.
  // An int, not a long: a parent keeps a session per child that answered it, and the int makes
  // the session 24 bytes instead of 32. A session whose numbers outgrow it moves to a Gap.
  private int last;

  // Created at the first gap, the first epoch past 0, or the first number past an int only:
  // in-order sessions (all local ones) never need it.
  @Nullable Gap gap;

  /**
   * What a session needs once a gap has formed in it, its sender has started an epoch past 0
   * (after a returned message, which most often leaves a gap), or its numbers have outgrown an
   * int: the last number released, the items held behind the gap, when the gap was first seen,
   * the epoch, and whether the epoch was abandoned. Guarded by the session's lock.
   */
  static final class Gap {
    long last;

    final TreeMap<Long, Held> pending = new TreeMap<>();

    /** The sender's epoch this state follows; items of older epochs are returned. */
    long epoch;

    /** When the current gap (the one before the lowest held item) was first seen; with pending. */
    long sinceNanos;

    /**
     * Whether this epoch was abandoned because a gap in it did not fill in time: everything it
     * still brings is returned until the sender starts a new epoch.
     */
    boolean abandoned;
  }

  /**
   * Whether item {@code seq} of {@code epoch} is the next to release: the number after the last
   * one released, in the session's epoch, nothing held, the epoch not abandoned. Called under the
   * session's lock.
   */
  boolean isNext(long seq, long epoch) {
    Gap g = gap;
    return g == null
        ? epoch == 0 && seq == last + 1L
        : g.epoch == epoch && !g.abandoned && g.pending.isEmpty() && seq == g.last + 1;
  }

  /** The last sequence number released (0 before the first); called under the session's lock. */
  long last() {
    Gap g = gap;
    return g == null ? last : g.last;
  }

  /** Records {@code seq} as the last number released; called under the session's lock. */
  void setLast(long seq) {
    Gap g = gap;
    if (g != null) {
      g.last = seq;
    } else if (seq <= Integer.MAX_VALUE) {
      last = (int) seq;
    } else {
      gapState().last = seq;
    }
  }

  /** The sender's epoch this state follows; called under the session's lock. */
  long epoch() {
    Gap g = gap;
    return g == null ? 0 : g.epoch;
  }

  /** Whether the current epoch was abandoned; called under the session's lock. */
  boolean abandoned() {
    Gap g = gap;
    return g != null && g.abandoned;
  }

  /** The gap state, made on first use; called under the session's lock. */
  Gap gapState() {
    Gap g = gap;
    if (g == null) {
      g = new Gap();
      g.last = last;
      gap = g;
    }
    return g;
  }

  /** The items held behind a gap, or null when no gap ever formed; under the session's lock. */
  @Nullable TreeMap<Long, Held> pending() {
    Gap g = gap;
    return g == null ? null : g.pending;
  }

  /** A message held until the gap before it fills, with the sender that queued it. */
  record Held(Object item, @Nullable Object sender, SeqInfo.Session seq) {}

  ReorderSession(@Nullable UUID id) {
    this.id = id;
  }
}
