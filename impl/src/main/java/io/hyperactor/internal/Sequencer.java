package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Numbers an instance's outgoing messages so receivers can restore the send order.
 *
 * <p>Messages to an actor's well-known ports share one sequence per destination actor; messages
 * to other ports get one sequence per port. Numbers start at 1. Thread-safe.
 *
 * <p>The last destination's counter is kept aside: an actor mostly sends to one peer at a time,
 * and a handle's ids are the same objects on every send, so an identity hit needs neither a hash
 * nor a lock. An instance that only ever talks to one destination never allocates the map.
 */
final class Sequencer {
  private final UUID session;
  private volatile @Nullable Last last;
  // Guarded by this; created at the second distinct destination.
  private @Nullable HashMap<Object, AtomicLong> counters;

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
    AtomicLong counter = l != null && l.key() == key ? l.counter() : counter(key);
    return new SeqInfo.Session(session, counter.incrementAndGet());
  }

  private synchronized AtomicLong counter(Object key) {
    Last l = last;
    AtomicLong counter;
    if (l != null && l.key().equals(key)) {
      counter = l.counter();
    } else if (l == null) {
      counter = new AtomicLong();
    } else {
      if (counters == null) {
        counters = new HashMap<>();
        counters.put(l.key(), l.counter());
      }
      counter = counters.computeIfAbsent(key, k -> new AtomicLong());
    }
    last = new Last(key, counter);
    return counter;
  }
}
