package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Numbers an instance's outgoing messages so receivers can restore the send order.
 *
 * <p>Messages to an actor's well-known ports share one sequence per destination actor; messages
 * to other ports get one sequence per port. Numbers start at 1. When a numbered message comes back
 * undeliverable, its destination's sequence starts a new epoch, numbered from 1 again ({@link
 * #returned}). Thread-safe.
 *
 * <p>The last destination's counter is kept aside: an actor mostly sends to one peer at a time,
 * and a handle's ids are the same objects on every send, so an identity hit needs neither a hash
 * nor a lock. The counters of all destinations sit in an open-addressing table made at the second
 * destination: one small object and a slot each, as a parent that messages each of its many
 * children keeps a counter per child. Until then the last destination is the first, the
 * sequencer's own counter, so the table keeps the last one and the sequencer does not.
 *
 * <p>A sender that spreads its messages over many destinations misses the last-destination
 * shortcut on almost every send, so the table is read without the lock: writers (under the lock)
 * only add counters, publishing each slot with release semantics and a rebuilt array through a
 * volatile field, or make a terminated destination's counter match no key ({@link #forget}), so a
 * reader sees either the counter or an empty slot and takes the lock only when it finds none.
 * A probe compares a slot's id by identity, then 8 bits of its hash that the counter keeps in its
 * word, and only when those agree by value.
 *
 * <p>The sequencer is itself the counter of its first destination (see {@link SequenceCounter}):
 * a child that only ever answers its parent needs no object besides it.
 *
 * <p>Not final: an instance's mailbox, which is its cell, is also its sequencer ({@link
 * MailboxImpl}), since every instance has one of each and a separate object would be a header and
 * a reference more per actor. The lock taken here to add or forget a counter is then the cell's;
 * neither the cell's sections nor these call out to anything that takes another lock.
 */
class Sequencer extends SequenceCounter {
  private final UUID session;
  // Written under this lock; created at the second distinct destination.
  private volatile @Nullable Table counters;

  private static final VarHandle SLOT =
      MethodHandles.arrayElementVarHandle(SequenceCounter[].class);

  /**
   * Counters by key, by linear probing: a power of two in length, at most three quarters full.
   * Read without the lock: a slot, once set, never changes.
   */
  private static final class Table {
    volatile @Nullable SequenceCounter[] slots = new SequenceCounter[4];
    // Guarded by the sequencer's lock: the slots taken, and of those the forgotten counters.
    int size;
    int forgotten;
    // The last destination's counter; written without the lock too, as a hint.
    volatile SequenceCounter last;

    Table(SequenceCounter last) {
      this.last = last;
    }
  }

  Sequencer(UUID session) {
    this.session = session;
  }

  final UUID session() {
    return session;
  }

  SeqInfo assign(PortId dest) {
    Object key = key(dest);
    return assign(key, hash(key));
  }

  /**
   * {@link #assign(PortId)} for a destination whose {@link #key} and {@link #hash} the caller
   * keeps: a handle sends to one destination, and its sender, when it spreads its messages over
   * many, would otherwise hash the destination's id on almost every send.
   */
  SeqInfo assign(Object key, int hash) {
    Table t = counters;
    SequenceCounter counter;
    if (t == null) {
      // One destination so far, if any: the sequencer's own counter. Its key is set once, under
      // the lock; a read that misses it takes the lock.
      counter = key() == key ? this : counter(key, hash);
    } else {
      SequenceCounter l = t.last;
      if (l.key() == key) {
        counter = l;
      } else if (key() == key) {
        // The first destination, read from this object: an actor that answers many peers but
        // mostly talks to one (a creature to its mall, a worker to its master) meets it between
        // sends to the others, and a probe of the table would miss the cache on it each time.
        counter = this;
      } else {
        SequenceCounter found = find(t, key, hash);
        if (found != null) {
          t.last = found;
          counter = found;
        } else {
          counter = counter(key, hash);
        }
      }
    }
    return counter.next(this);
  }

  /** What numbers messages to {@code dest}: its actor for a well-known port, else the port. */
  static Object key(PortId dest) {
    return dest.index() < PortId.FIRST_DYNAMIC_INDEX ? dest.actorId() : dest;
  }

  /**
   * The table's hash of a key: from the actor's name, its proc's name and its pid (strings cache
   * their hashes). Equal ids hash alike, as the table needs; leaving the proc's channel address
   * out spares a sender that spreads its messages over many destinations (it misses the
   * last-destination shortcut on almost every send) the walk through the address record that the
   * ids' own hashCode takes. The actors of one mesh share their name and pid but not their procs'
   * names within a host; only procs of one name on different hosts share a probe sequence.
   */
  static int hash(Object key) {
    if (key instanceof ActorId a) {
      return (a.name().hashCode() * 31 + a.procId().name().hashCode()) * 31
          + Long.hashCode(a.pid());
    }
    PortId p = (PortId) key;
    return hash(p.actorId()) * 31 + Long.hashCode(p.index());
  }

  /**
   * Learns that a message this instance numbered {@code seq} for {@code dest} came back
   * undeliverable: if it belongs to the destination's current epoch, later messages to it start a
   * new epoch, numbered from 1, so that the destination does not wait for the returned numbers.
   * Returns whether a new epoch started; a return from an older epoch, or from another session,
   * changes nothing.
   */
  boolean returned(PortId dest, SeqInfo.Session seq) {
    if (!seq.sessionId().equals(session)) {
      return false;
    }
    Object key = key(dest);
    SequenceCounter counter = find(key, hash(key));
    return counter != null && counter.restartAfter(this, seq.epoch());
  }

  /**
   * Forgets the counter of {@code dest}, an actor that has terminated, so that a sender that
   * outlives many destinations (a parent of many short-lived children) does not keep a counter for
   * each of them for good. A later message to {@code dest} starts a new sequence; the destination
   * is gone, so it comes back undeliverable either way. The sequencer's own counter (its first
   * destination's) is a field, not a table entry, and stays.
   *
   * <p>The counter stays in its slot, matching no key, until forgotten counters are half the
   * table's entries and the table is rebuilt without them: readers probe the table without the
   * lock, so a slot, once set, is never cleared.
   */
  void forget(ActorId dest) {
    int hash = hash(dest);
    synchronized (this) {
      Table t = counters;
      if (t == null) {
        return;
      }
      SequenceCounter counter = find(t, dest, hash);
      if (counter == null || counter == this) {
        return;
      }
      counter.forgetKey();
      if (t.last == counter) {
        t.last = this;
      }
      if (++t.forgotten * 2 > t.size) {
        rebuild(t, t.slots.length);
      }
    }
  }

  /** The counter of {@code dest}, if it has one; for tests. */
  @Nullable SequenceCounter counterOf(PortId dest) {
    Object key = key(dest);
    return find(key, hash(key));
  }

  /** The number of counters the table holds, forgotten ones included; for tests. */
  synchronized int tableEntries() {
    Table t = counters;
    return t == null ? 0 : t.size;
  }

  private @Nullable SequenceCounter find(Object key, int hash) {
    Table t = counters;
    SequenceCounter found = t == null ? null : find(t, key, hash);
    if (found != null) {
      return found;
    }
    // Not in a table: the sequencer's own counter, whose key an unlocked read may miss, or none.
    synchronized (this) {
      t = counters;
      if (t != null) {
        return find(t, key, hash);
      }
      return isClaimed() && matches(key, hash) ? this : null;
    }
  }

  private synchronized SequenceCounter counter(Object key, int hash) {
    Table t = counters;
    if (t == null) {
      if (!isClaimed()) {
        claim(key, hash);
        return this;
      }
      if (matches(key, hash)) {
        return this;
      }
      // The second destination: the table holds both counters from now on.
      SequenceCounter second = new SequenceCounter(key, hash);
      t = new Table(second);
      insert(t, this);
      insert(t, second);
      counters = t;
      return second;
    }
    SequenceCounter counter = find(t, key, hash);
    if (counter == null) {
      counter = new SequenceCounter(key, hash);
      insert(t, counter);
    }
    t.last = counter;
    return counter;
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  private static @Nullable SequenceCounter find(Table t, Object key, int hash) {
    SequenceCounter[] table = t.slots;
    int mask = table.length - 1;
    for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
      SequenceCounter c = (SequenceCounter) SLOT.getAcquire(table, i);
      if (c == null || c.matches(key, hash)) {
        return c;
      }
    }
  }

  /** Adds {@code counter}; called under the lock. */
  private static void insert(Table t, SequenceCounter counter) {
    int length = t.slots.length;
    if (t.size + 1 > length * 3 / 4) {
      // Rebuilt at the same length only when that leaves it at most half full, so that each
      // rebuild is paid for by as many inserts as it copies.
      rebuild(t, t.size - t.forgotten + 1 > length / 2 ? length * 2 : length);
    }
    place(t.slots, counter);
    t.size++;
  }

  /**
   * Replaces the table's slots with {@code length} slots holding its counters but the forgotten
   * ones; called under the lock. The volatile write publishes the filled array; readers of the old
   * one still find every counter it held.
   */
  private static void rebuild(Table t, int length) {
    SequenceCounter[] rebuilt = new SequenceCounter[length];
    int size = 0;
    for (SequenceCounter c : t.slots) {
      if (c != null && !c.isForgotten()) {
        place(rebuilt, c);
        size++;
      }
    }
    t.slots = rebuilt;
    t.size = size;
    t.forgotten = 0;
  }

  private static void place(SequenceCounter[] table, SequenceCounter counter) {
    int mask = table.length - 1;
    int i = slot(hash(checkNotNull(counter.destination(), "destination")), mask);
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    SLOT.setRelease(table, i, counter);
  }
}
