package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ordering state of one sender session at a {@link ReorderBuffer}: the epoch it is in, the
 * last sequence number released and the items held until the gap before them fills. Guarded by
 * its own lock.
 *
 * <p>Not final: a reorder buffer is itself the state of its first session, since most actors
 * hear from one sender and a separate object would be per-actor memory.
 */
class ReorderSession {
  /** The session's id; null only while a buffer's own session is unclaimed. */
  volatile @Nullable UUID id;

  /** The sender's epoch this state follows; items of older epochs are returned. */
  long epoch;

  long last;
  // Created on the first gap only: in-order sessions (all local ones) never need it.
  @Nullable TreeMap<Long, Held> pending;

  /** When the current gap (the one before the lowest held item) was first seen; with pending. */
  long gapSinceNanos;

  /**
   * Whether this epoch was abandoned because a gap in it did not fill in time: everything it still
   * brings is returned until the sender starts a new epoch.
   */
  boolean abandoned;

  /** A message held until the gap before it fills, with the sender that queued it. */
  record Held(Object item, @Nullable Object sender, SeqInfo.Session seq) {}

  ReorderSession(@Nullable UUID id) {
    this.id = id;
  }
}
