package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * warning; sequence 0 is rejected. Thread-safe: each session has its own lock, so senders of
 * different sessions never wait for each other; a session's items reach the queue in order
 * because they are pushed under that lock.
 */
final class ReorderBuffer extends ReorderSession {
  private static final Logger log = LoggerFactory.getLogger(ReorderBuffer.class);

  private static final VarHandle SLOT =
      MethodHandles.arrayElementVarHandle(ReorderSession[].class);
  private static final VarHandle ID;
  private static final VarHandle OTHERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ID = l.findVarHandle(ReorderSession.class, "id", UUID.class);
      OTHERS = l.findVarHandle(ReorderBuffer.class, "others", Table.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ActorId owner;
  // The first sender's session is this buffer itself, claimed by that sender (found by identity,
  // no hashing); the rest go to an open-addressing table made at the second session. Most actors
  // hear from one or a few senders, but a parent hears from each of its children: a table slot
  // per session costs far less than a map entry. Sessions are never removed. The table is read
  // without a lock and written under its own; a reader that misses a session takes the lock and
  // looks again.
  private volatile @Nullable Table others;

  /** Sessions by id, by linear probing: a power of two in length, at most three quarters full. */
  private static final class Table {
    final ReorderSession[] slots;
    // Guarded by this table.
    int count;

    Table(int capacity) {
      slots = new ReorderSession[capacity];
    }
  }

  /** Where released items go. */
  @FunctionalInterface
  interface Released {
    void accept(Object item, @Nullable Object sender);
  }

  ReorderBuffer(ActorId owner) {
    super(null);
    this.owner = owner;
  }

  private ReorderSession session(UUID id) {
    UUID f = this.id;
    if (f == null) {
      f = (UUID) ID.compareAndExchange((ReorderSession) this, (UUID) null, id);
      if (f == null) {
        return this;
      }
    }
    if (f == id || f.equals(id)) {
      return this;
    }
    Table table = others;
    if (table != null) {
      ReorderSession s = find(table.slots, id);
      if (s != null) {
        return s;
      }
    }
    return newSession(id);
  }

  private static int slot(UUID id, int mask) {
    int h = id.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  private static @Nullable ReorderSession find(ReorderSession[] table, UUID id) {
    int mask = table.length - 1;
    for (int i = slot(id, mask); ; i = (i + 1) & mask) {
      ReorderSession s = (ReorderSession) SLOT.getAcquire(table, i);
      if (s == null) {
        return null;
      }
      UUID sid = s.id;
      if (sid == id || id.equals(sid)) {
        return s;
      }
    }
  }

  private static void place(ReorderSession[] table, ReorderSession session) {
    int mask = table.length - 1;
    int i = slot(session.id, mask);
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    // Release: a reader that finds the session sees it fully built.
    SLOT.setRelease(table, i, session);
  }

  private ReorderSession newSession(UUID id) {
    while (true) {
      Table table = others;
      if (table == null) {
        Table made = new Table(4);
        Table witness = (Table) OTHERS.compareAndExchange(this, (Table) null, made);
        table = witness == null ? made : witness;
      }
      synchronized (table) {
        if (others != table) {
          // Grown while we waited for its lock: look in the new one.
          continue;
        }
        ReorderSession s = find(table.slots, id);
        if (s != null) {
          return s;
        }
        s = new ReorderSession(id);
        if (table.count + 1 > table.slots.length * 3 / 4) {
          Table grown = new Table(table.slots.length * 2);
          for (ReorderSession o : table.slots) {
            if (o != null) {
              place(grown.slots, o);
            }
          }
          place(grown.slots, s);
          grown.count = table.count + 1;
          // A reader still on the old table misses the new session and comes here to look again.
          others = grown;
        } else {
          place(table.slots, s);
          table.count++;
        }
        return s;
      }
    }
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
    ReorderSession state = session(seq.sessionId());
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
