package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores per-sender order in front of an actor's work queue: items of one sender session are
 * released in sequence order, later ones held until the gap fills.
 *
 * <p>A sequence number at or below the last released one is a duplicate and is dropped with a
 * warning; sequence 0 is rejected. Thread-safe: each session has its own lock, so senders of
 * different sessions never wait for each other; a session's items reach the queue in order
 * because they are pushed under that lock.
 */
final class ReorderBuffer {
  private static final Logger log = LoggerFactory.getLogger(ReorderBuffer.class);

  private final ActorId owner;
  // The first sender's session sits in its own slot (found by identity, no hashing); the rest go
  // to a map made at the second session. Most actors hear from one or a few senders.
  private volatile @Nullable SessionState first;
  private volatile @Nullable ConcurrentHashMap<UUID, SessionState> others;

  private static final class SessionState {
    final UUID id;
    long last;
    // Created on the first gap only: in-order sessions (all local ones) never need it.
    @Nullable TreeMap<Long, Held> pending;

    SessionState(UUID id) {
      this.id = id;
    }
  }

  /** A message held until the gap before it fills, with the sender that queued it. */
  private record Held(Object item, @Nullable Object sender) {}

  /** Where released items go. */
  @FunctionalInterface
  interface Released {
    void accept(Object item, @Nullable Object sender);
  }

  ReorderBuffer(ActorId owner) {
    this.owner = owner;
  }

  private SessionState session(UUID id) {
    SessionState f = first;
    if (f != null && (f.id == id || f.id.equals(id))) {
      return f;
    }
    ConcurrentHashMap<UUID, SessionState> m = others;
    if (m != null) {
      SessionState s = m.get(id);
      if (s != null) {
        return s;
      }
    }
    return newSession(id);
  }

  private synchronized SessionState newSession(UUID id) {
    SessionState f = first;
    if (f == null) {
      f = new SessionState(id);
      first = f;
      return f;
    }
    if (f.id.equals(id)) {
      return f;
    }
    ConcurrentHashMap<UUID, SessionState> m = others;
    if (m == null) {
      m = new ConcurrentHashMap<>();
      others = m;
    }
    return m.computeIfAbsent(id, SessionState::new);
  }

  /**
   * Accepts {@code item} numbered {@code seq} and passes every item now in order to {@code out}.
   *
   * @throws IllegalArgumentException for sequence 0 or a sequence buffered twice
   */
  void accept(SeqInfo.Session seq, Object item, @Nullable Object sender, Released out) {
    if (seq.seq() == 0) {
      throw new IllegalArgumentException(
          "in enqueue func for "
              + owner
              + ", got seq 0 for message type "
              + item.getClass().getName());
    }
    SessionState state = session(seq.sessionId());
    synchronized (state) {
      if (seq.seq() <= state.last) {
        log.warn(
            "{}: dropping duplicate message seq {} from session {} (last delivered {})",
            owner,
            seq.seq(),
            seq.sessionId(),
            state.last);
        return;
      }
      if (seq.seq() > state.last + 1) {
        if (state.pending == null) {
          state.pending = new TreeMap<>();
        }
        Held previous = state.pending.putIfAbsent(seq.seq(), new Held(item, sender));
        if (previous != null) {
          throw new IllegalArgumentException(
              owner
                  + ": seq "
                  + seq.seq()
                  + " from session "
                  + seq.sessionId()
                  + " buffered twice");
        }
        return;
      }
      out.accept(item, sender);
      state.last = seq.seq();
      TreeMap<Long, Held> pending = state.pending;
      if (pending == null) {
        return;
      }
      Held next;
      while ((next = pending.remove(state.last + 1)) != null) {
        out.accept(next.item(), next.sender());
        state.last++;
      }
    }
  }
}
