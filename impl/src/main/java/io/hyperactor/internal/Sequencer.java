package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Numbers an instance's outgoing messages so receivers can restore the send order.
 *
 * <p>Messages to an actor's well-known ports share one sequence per destination actor; messages
 * to other ports get one sequence per port. Numbers start at 1. Thread-safe.
 */
final class Sequencer {
  private final UUID session;
  private final ConcurrentHashMap<Object, AtomicLong> next = new ConcurrentHashMap<>();
  // The last destination's counter: an actor mostly sends to one peer at a time, and a handle's
  // ids are the same objects on every send, so an identity hit skips hashing the id.
  private volatile @Nullable Last last;

  private record Last(Object key, AtomicLong counter) {}

  Sequencer(UUID session) {
    this.session = session;
  }

  UUID session() {
    return session;
  }

  SeqInfo assign(PortId dest) {
    Object key = dest.index() < PortId.FIRST_DYNAMIC_INDEX ? dest.actorId() : dest;
    Last l = last;
    AtomicLong counter;
    if (l != null && l.key() == key) {
      counter = l.counter();
    } else {
      counter = next.computeIfAbsent(key, k -> new AtomicLong());
      last = new Last(key, counter);
    }
    long seq = counter.incrementAndGet();
    return new SeqInfo.Session(session, seq);
  }
}
