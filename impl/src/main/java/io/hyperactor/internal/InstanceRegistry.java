package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The proc's instances by id; also its mailbox muxer, since each cell holds its mailbox.
 *
 * <p>An entry is the cell itself while the instance is live, and a weak reference to it once it
 * has terminated, so a stopped actor stays addressable (sends fail with its status) while
 * anything references it, and its entry is purged after the cell is collected. Upstream never
 * unbinds muxer entries; this keeps procs that spawn and stop many actors from growing without
 * bound. Thread-safe.
 *
 * <p>The entries sit in an open-addressing table (linear probing on the id's hash) whose slots
 * hold the entries themselves, since each knows its id: a live actor costs one slot, where a map
 * would add a node per actor. Lookups read the table without a lock; changes are made under the
 * registry's lock, each slot written with a release store. A purged entry leaves a tombstone,
 * which a later registration may reuse, so no live entry ever moves within a table; growing
 * copies the entries into a new table and publishes it, and the old one is no longer written.
 */
final class InstanceRegistry {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  /** A purged entry's slot: lookups probe past it. */
  private static final Object TOMBSTONE = new Object();
  private static final int MIN_CAPACITY = 16;

  // Slots hold an InstanceCell (live), a Released (terminated), a TOMBSTONE or null. A power of
  // two in length; live, released and tombstone slots together at most three quarters of it.
  private volatile Object[] slots = new Object[MIN_CAPACITY];
  // Guarded by this.
  private int entries;
  private int tombstones;
  private final ReferenceQueue<InstanceCell> collected = new ReferenceQueue<>();

  /** The entry of a terminated instance: its cell, weakly. */
  private static final class Released extends WeakReference<InstanceCell> {
    final ActorId id;

    Released(InstanceCell cell, ReferenceQueue<InstanceCell> queue) {
      super(cell, queue);
      this.id = cell.actorId();
    }
  }

  private static ActorId idOf(Object entry) {
    return entry instanceof InstanceCell cell ? cell.actorId() : ((Released) entry).id;
  }

  /**
   * The slot an id's probe starts at, from its name and pid only: every id a proc registers has
   * that proc's id, and the record's own hash walks the proc id and its channel address on each
   * call (a third of a spawn's registration). A lookup of another proc's id probes the same way and
   * is told apart by {@code equals}.
   */
  private static int slot(ActorId id, int mask) {
    int h = (id.name().hashCode() * 31 + Long.hashCode(id.pid())) * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /**
   * Registers {@code cell}. A second instance with the same id replaces the first in the registry
   * (upstream's AI-3 hazard: callers keep named children's names unique per proc).
   */
  synchronized void register(InstanceCell cell) {
    purge();
    ActorId id = cell.actorId();
    Object[] table = slots;
    int existing = indexOf(table, id);
    if (existing >= 0) {
      SLOT.setRelease(table, existing, cell);
      return;
    }
    if (entries + tombstones + 1 > table.length * 3 / 4) {
      table = rebuild(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, entries + 1)) * 4));
    }
    int mask = table.length - 1;
    int i = slot(id, mask);
    Object s;
    while ((s = table[i]) != null && s != TOMBSTONE) {
      i = (i + 1) & mask;
    }
    if (s == TOMBSTONE) {
      tombstones--;
    }
    SLOT.setRelease(table, i, cell);
    entries++;
  }

  /** The slot of {@code id}'s entry in {@code table}, or -1; under the lock. */
  private static int indexOf(Object[] table, ActorId id) {
    int mask = table.length - 1;
    for (int i = slot(id, mask); ; i = (i + 1) & mask) {
      Object s = SLOT.getAcquire(table, i);
      if (s == null) {
        return -1;
      }
      if (s != TOMBSTONE && idOf(s).equals(id)) {
        return i;
      }
    }
  }

  /** Copies the entries into a new table of {@code capacity} slots and publishes it. */
  private Object[] rebuild(int capacity) {
    Object[] grown = new Object[capacity];
    int mask = capacity - 1;
    for (Object s : slots) {
      if (s != null && s != TOMBSTONE) {
        int i = slot(idOf(s), mask);
        while (grown[i] != null) {
          i = (i + 1) & mask;
        }
        grown[i] = s;
      }
    }
    tombstones = 0;
    // The volatile store publishes the filled table.
    slots = grown;
    return grown;
  }

  // Guarded by this.
  private void purge() {
    Reference<? extends InstanceCell> ref;
    while ((ref = collected.poll()) != null) {
      Released r = (Released) ref;
      Object[] table = slots;
      int i = indexOf(table, r.id);
      if (i >= 0 && table[i] == r) {
        SLOT.setRelease(table, i, TOMBSTONE);
        entries--;
        tombstones++;
      }
    }
    Object[] table = slots;
    if (table.length > MIN_CAPACITY && entries < table.length / 8) {
      rebuild(Math.max(MIN_CAPACITY, table.length / 2));
    }
  }

  /**
   * Holds a terminated instance's cell only weakly from now on; returns whether it was held
   * strongly until now (false when released already or replaced by a newer instance).
   */
  synchronized boolean release(InstanceCell cell) {
    Object[] table = slots;
    int i = indexOf(table, cell.actorId());
    // A newer instance under the same id keeps its entry.
    if (i >= 0 && table[i] == cell) {
      SLOT.setRelease(table, i, new Released(cell, collected));
      return true;
    }
    return false;
  }

  /** Calls {@code action} with every live cell, holding the lock, so that none is released meanwhile. */
  synchronized void forEachLive(Consumer<InstanceCell> action) {
    Object[] table = slots;
    for (Object s : table) {
      if (s instanceof InstanceCell cell) {
        action.accept(cell);
      }
    }
  }

  private static @Nullable InstanceCell cellOf(Object entry) {
    return entry instanceof InstanceCell cell ? cell : ((Released) entry).get();
  }

  @Nullable InstanceCell lookup(ActorId id) {
    return lookupLocal(id, id.procId());
  }

  /**
   * {@link #lookup} of an id whose proc id is equal to {@code own}: an entry matches by pid and
   * name, and by its proc id being {@code own} itself or equal to it. The proc passes its own id,
   * with which it makes its actors' ids, once it has found a received id's proc equal to it: a
   * received proc id is an object of its own, and comparing it again would walk its channel
   * address.
   */
  @Nullable InstanceCell lookupLocal(ActorId id, ProcId own) {
    Object[] table = slots;
    int mask = table.length - 1;
    long pid = id.pid();
    String name = id.name();
    for (int i = slot(id, mask); ; i = (i + 1) & mask) {
      Object s = SLOT.getAcquire(table, i);
      if (s == null) {
        return null;
      }
      if (s != TOMBSTONE) {
        ActorId found = idOf(s);
        if (found.pid() == pid
            && found.name().equals(name)
            && (found.procId() == own || found.procId().equals(own))) {
          return cellOf(s);
        }
      }
    }
  }

  synchronized int size() {
    purge();
    return entries;
  }

  /** The ids of the entries that {@code keep} accepts, from one reading of the table. */
  private ImmutableList<ActorId> ids(Predicate<Object> keep) {
    Object[] table = slots;
    ImmutableList.Builder<ActorId> out = ImmutableList.builder();
    for (int i = 0; i < table.length; i++) {
      Object s = SLOT.getAcquire(table, i);
      if (s != null && s != TOMBSTONE && keep.test(s)) {
        out.add(idOf(s));
      }
    }
    return out.build();
  }

  ImmutableList<ActorId> rootIds() {
    return ids(s -> idOf(s).isRoot());
  }

  ImmutableList<ActorId> liveIds() {
    return ids(
        s -> {
          InstanceCell cell = cellOf(s);
          return cell != null && !cell.status().isTerminal();
        });
  }

  ImmutableList<ActorId> keys() {
    return ids(s -> true);
  }
}
