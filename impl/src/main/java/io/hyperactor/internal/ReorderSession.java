package io.hyperactor.internal;

import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ordering state of one sender session at a {@link ReorderBuffer}: the last sequence number
 * released and the items held until the gap before them fills. Guarded by its own lock.
 *
 * <p>Not final: a reorder buffer is itself the state of its first session, since most actors
 * hear from one sender and a separate object would be per-actor memory.
 */
class ReorderSession {
  /** The session's id; null only while a buffer's own session is unclaimed. */
  volatile @Nullable UUID id;

  long last;
  // Created on the first gap only: in-order sessions (all local ones) never need it.
  @Nullable TreeMap<Long, Held> pending;

  /** A message held until the gap before it fills, with the sender that queued it. */
  record Held(Object item, @Nullable Object sender) {}

  ReorderSession(@Nullable UUID id) {
    this.id = id;
  }
}
