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

  long last;

  // Created at the first gap or the first epoch past 0 only: in-order sessions (all local ones)
  // never need it.
  @Nullable Gap gap;

  /**
   * What a session needs once a gap has formed in it or its sender has started an epoch past 0
   * (after a returned message, which most often leaves a gap): the items held behind the gap, when
   * the gap was first seen, the epoch, and whether the epoch was abandoned. Guarded by the
   * session's lock.
   */
  static final class Gap {
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
   * Whether an item of {@code epoch} finds the session in order: in that epoch, nothing held, the
   * epoch not abandoned. Called under the session's lock.
   */
  boolean inOrder(long epoch) {
    Gap g = gap;
    return g == null ? epoch == 0 : g.epoch == epoch && !g.abandoned && g.pending.isEmpty();
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
