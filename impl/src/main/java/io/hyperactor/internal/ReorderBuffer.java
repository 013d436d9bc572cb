package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
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
  private final Map<UUID, SessionState> sessions = new HashMap<>();

  private static final class SessionState {
    long last;
    final TreeMap<Long, Object> pending = new TreeMap<>();
  }

  ReorderBuffer(ActorId owner) {
    this.owner = owner;
  }

  /**
   * Accepts {@code item} numbered {@code seq} and passes every item now in order to {@code out}.
   *
   * @throws IllegalArgumentException for sequence 0 or a sequence buffered twice
   */
  synchronized void accept(SeqInfo.Session seq, Object item, Consumer<Object> out) {
    if (seq.seq() == 0) {
      throw new IllegalArgumentException(
          "in enqueue func for "
              + owner
              + ", got seq 0 for message type "
              + item.getClass().getName());
    }
    SessionState state = sessions.computeIfAbsent(seq.sessionId(), k -> new SessionState());
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
      Object previous = state.pending.putIfAbsent(seq.seq(), item);
      if (previous != null) {
        throw new IllegalArgumentException(
            owner + ": seq " + seq.seq() + " from session " + seq.sessionId() + " buffered twice");
      }
      return;
    }
    out.accept(item);
    state.last = seq.seq();
    Object next;
    while ((next = state.pending.remove(state.last + 1)) != null) {
      out.accept(next);
      state.last++;
    }
  }
}
