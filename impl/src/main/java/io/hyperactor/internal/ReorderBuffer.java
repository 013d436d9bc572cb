package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores per-sender order in front of an actor's work queue: items of one sender session are
 * released in sequence order, later ones held until the gap fills.
 *
 * <p>A sequence number at or below the last released one is a duplicate and is dropped with a
 * warning; sequence 0 is rejected. Thread-safe (one lock per actor).
 */
final class ReorderBuffer {
  private static final Logger log = LoggerFactory.getLogger(ReorderBuffer.class);

  private final ActorId owner;
  // Consecutive messages mostly come from one sender, whose session id is one object: an identity
  // hit skips hashing the UUID. The map holds the other sessions and is created at the second.
  private @Nullable UUID lastSession;
  private @Nullable SessionState lastState;
  private @Nullable Map<UUID, SessionState> sessions;

  private static final class SessionState {
    long last;
    // Created on the first gap only: in-order sessions (all local ones) never need it.
    @Nullable TreeMap<Long, Held> pending;
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

  private SessionState session(UUID session) {
    UUID previous = lastSession;
    SessionState previousState = lastState;
    SessionState state;
    if (previous == null || previousState == null) {
      state = new SessionState();
    } else if (previous.equals(session)) {
      state = previousState;
    } else {
      if (sessions == null) {
        sessions = new HashMap<>();
      }
      sessions.put(previous, previousState);
      state = sessions.remove(session);
      if (state == null) {
        state = new SessionState();
      }
    }
    lastSession = session;
    lastState = state;
    return state;
  }

  /**
   * Accepts {@code item} numbered {@code seq} and passes every item now in order to {@code out}.
   *
   * @throws IllegalArgumentException for sequence 0 or a sequence buffered twice
   */
  synchronized void accept(
      SeqInfo.Session seq, Object item, @Nullable Object sender, Released out) {
    if (seq.seq() == 0) {
      throw new IllegalArgumentException(
          "in enqueue func for "
              + owner
              + ", got seq 0 for message type "
              + item.getClass().getName());
    }
    UUID session = seq.sessionId();
    SessionState state = lastState;
    if (session != lastSession || state == null) {
      state = session(session);
    }
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
            owner + ": seq " + seq.seq() + " from session " + seq.sessionId() + " buffered twice");
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
