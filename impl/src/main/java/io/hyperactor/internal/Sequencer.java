package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers an instance's outgoing messages so receivers can restore the send order.
 *
 * <p>Messages to an actor's well-known ports share one sequence per destination actor; messages
 * to other ports get one sequence per port. Numbers start at 1. Thread-safe.
 */
final class Sequencer {
  private final UUID session;
  private final ConcurrentHashMap<Object, AtomicLong> next = new ConcurrentHashMap<>();

  Sequencer(UUID session) {
    this.session = session;
  }

  UUID session() {
    return session;
  }

  SeqInfo assign(PortId dest) {
    Object key = dest.index() < PortId.FIRST_DYNAMIC_INDEX ? dest.actorId() : dest;
    long seq = next.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    return new SeqInfo.Session(session, seq);
  }
}
