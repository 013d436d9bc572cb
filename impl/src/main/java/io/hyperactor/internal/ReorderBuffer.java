package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores per-sender order in front of an actor's work queue: items of one sender session are
 * released in sequence order, later ones held until the gap fills.
 *
 * <p>A gap never holds items for good. Three things end it:
 *
 * <ul>
 *   <li>A new epoch. A sender whose message came back undeliverable numbers its later messages in
 *       a new epoch, from 1 ({@link Sequencer#returned}). The first item of a higher epoch returns
 *       everything still held from lower ones and starts afresh; an item of a lower epoch that
 *       arrives afterwards is returned too. Everything released is therefore in send order.
 *   <li>A skip. A message refused on its way (by a link, or by this actor's type check) leaves a
 *       {@link #SKIP} in its place, which fills its number without being released.
 *   <li>A bounded wait. A gap still open {@code gapTimeout} after it formed will not fill: its
 *       held items are returned and the epoch is abandoned, so that later items of it are returned
 *       as well until the sender, told by those returns, starts a new one.
 * </ul>
 *
 * <p>Returned items go to the {@link Returned} callback, with their sequence information and a
 * {@link DeliveryError.Kind#SEQUENCE_GAP} reason, outside the session locks. A sequence number at or
 * below the last one released is a duplicate and is dropped with a warning; sequence 0 is
 * rejected. Once {@link #close closed}, the buffer returns everything it held and everything it is
 * given. Thread-safe: each session has its own lock, so senders of different sessions never wait
 * for each other; a session's items reach the queue in order because they are pushed under that
 * lock.
 */
final class ReorderBuffer extends ReorderSession {
  private static final Logger log = LoggerFactory.getLogger(ReorderBuffer.class);

  /** Takes the place of a refused message: fills its sequence number, and is never released. */
  static final Object SKIP =
      new Object() {
        @Override
        public String toString() {
          return "skipped message";
        }
      };

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

  // The first sender's session is this buffer itself, claimed by that sender (found by identity,
  // no hashing); the rest go to an open-addressing table made at the second session. Most actors
  // hear from one sender or a few, but a parent hears from each of its children: a table slot
  // per session costs far less than a map entry, and a terminated child's session is forgotten
  // (see forget). The table is read without a lock and written under its own; a reader that
  // misses a session takes the lock and looks again.
  private volatile @Nullable Table others;
  // Null; or the cancel action of the armed gap timer (a Runnable); or, once the buffer is closed,
  // its Closed state, after which no timer is armed. One field for the two, since each is rare and
  // a field of its own would make every actor's buffer 8 bytes larger. Written under the buffer's
  // own lock (the first session's too, which no code path holds together with another session's);
  // read without it on the in-order path.
  private volatile @Nullable Object timerOrClosed;

  /**
   * A closed buffer: {@code error} makes the error of what it returns, when first needed: most
   * actors stop with nothing held and nothing arriving after, and the error's text names the
   * actor and its status.
   */
  private record Closed(Supplier<DeliveryError> error) {}

  /** Sessions by id, by linear probing: a power of two in length, at most three quarters full. */
  private static final class Table {
    final ReorderSession[] slots;
    // Guarded by this table: the slots taken, and of those the forgotten sessions.
    int count;
    int forgotten;

    Table(int capacity) {
      slots = new ReorderSession[capacity];
    }
  }

  /** Where released items go. */
  @FunctionalInterface
  interface Released {
    void accept(Object item, @Nullable Object sender);
  }

  /** Where items go that the buffer gives back instead of releasing them. */
  @FunctionalInterface
  interface Returned {
    void accept(Object item, @Nullable Object sender, SeqInfo.Session seq, DeliveryError error);
  }

  /**
   * The actor whose work port the buffer serves: it names the buffer in the log, takes the items
   * given back, runs the gap timer and gives its proc's policy when a gap forms. A managed
   * instance is its own buffer's owner, and passes itself to the calls that may need it.
   */
  interface Owner extends Returned, GapTimer {
    ActorId selfId();

    /** The policy of the owner's proc; asked for only when a gap forms or is timed. */
    Policy reorderPolicy();
  }

  /**
   * What the buffers of one proc share, made once per proc rather than held by every buffer.
   *
   * @param gapTimeoutNanos how long a gap may stay open before its held items are returned
   * @param bounded whether gaps are bounded at all (false: the owner's timer is never used)
   * @param clock {@link System#nanoTime()}, or a test's clock
   */
  record Policy(long gapTimeoutNanos, boolean bounded, LongSupplier clock) {
    Policy {
      checkArgument(
          gapTimeoutNanos >= 0, "gap timeout must not be negative: %s ns", gapTimeoutNanos);
      checkNotNull(clock, "clock");
    }

    /** Gaps bounded by {@code gapTimeout}, timed by {@link System#nanoTime()}. */
    static Policy bounded(Duration gapTimeout) {
      return new Policy(gapTimeout.toNanos(), true, System::nanoTime);
    }
  }

  /** An item given back, and why. */
  private record Refusal(ReorderSession.Held held, DeliveryError error) {}

  /**
   * An empty buffer. It keeps no reference to its owner: the owner is its only caller and passes
   * itself to every call that may need it, which keeps every actor's buffer 8 bytes smaller.
   */
  ReorderBuffer() {
    super(null);
  }

  /** The state of session {@code id}, claimed or made if new (package-private for tests). */
  ReorderSession session(UUID id) {
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
      if (sid == id || (sid != FORGOTTEN && id.equals(sid))) {
        return s;
      }
    }
  }

  /**
   * The id of a forgotten session, left in its slot until the table is rebuilt; compared by
   * identity, so no sender's session, whatever its id, finds it.
   */
  private static final UUID FORGOTTEN = new UUID(0, 0);

  /**
   * Forgets the session {@code id}, of a sender that has terminated, when it holds nothing, so
   * that an actor that outlives many senders (a parent of many short-lived children) does not
   * keep a session for each of them for good. A message of that session arriving later (none
   * can from a local sender that has terminated) starts a new session, which holds it as a gap
   * and returns it once the gap times out. A session with held items is kept: its gap ends as
   * every gap does. The buffer's own session (its first sender's) is a field, not a table entry,
   * and stays.
   *
   * <p>The session stays in its slot, matching no id, until forgotten sessions are half the
   * table's entries and the table is rebuilt without them: readers probe the table without its
   * lock, so a slot, once set, is never cleared.
   */
  void forget(UUID id) {
    while (true) {
      Table table = others;
      if (table == null) {
        return;
      }
      synchronized (table) {
        if (others != table) {
          continue;
        }
        ReorderSession s = find(table.slots, id);
        if (s == null) {
          return;
        }
        synchronized (s) {
          TreeMap<Long, ReorderSession.Held> held = s.pending();
          if (held != null && !held.isEmpty()) {
            return;
          }
          s.id = FORGOTTEN;
        }
        if (++table.forgotten * 2 > table.count) {
          others = rebuilt(table, table.slots.length);
        }
        return;
      }
    }
  }

  /** The number of sessions the table holds, forgotten ones included; for tests. */
  int tableEntries() {
    Table table = others;
    if (table == null) {
      return 0;
    }
    synchronized (table) {
      return table.count;
    }
  }

  /**
   * A table of {@code length} slots with {@code table}'s sessions but the forgotten ones; made
   * under the old table's lock. A reader still on the old table either finds its session there or
   * comes to the lock and looks in the new one.
   */
  private static Table rebuilt(Table table, int length) {
    Table rebuilt = new Table(length);
    for (ReorderSession o : table.slots) {
      if (o != null && o.id != FORGOTTEN) {
        place(rebuilt.slots, o);
        rebuilt.count++;
      }
    }
    return rebuilt;
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
        int length = table.slots.length;
        if (table.count + 1 > length * 3 / 4) {
          Table grown =
              rebuilt(
                  table, table.count - table.forgotten + 1 > length / 2 ? length * 2 : length);
          place(grown.slots, s);
          grown.count++;
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
   * Accepts {@code item} numbered {@code seq} and passes every item now in order to {@code out}; an
   * item that can no longer be delivered in order goes to the {@link Returned} callback. {@link
   * #SKIP} fills its number without being released.
   *
   * @throws IllegalArgumentException for sequence 0 or a sequence buffered twice
   */
  void accept(
      Owner owner, SeqInfo.Session seq, Object item, @Nullable Object sender, Released out) {
    long n = seq.seq();
    if (n != 0) {
      // The common case, a sender whose messages arrive in order (every local one): the next
      // expected number of the current epoch, nothing held, not closed. It is handed straight on,
      // and the method stays small enough to be inlined into the send.
      ReorderSession state = session(seq.sessionId());
      synchronized (state) {
        if (state.isNext(n, seq.epoch()) && !isClosed()) {
          release(item, sender, out);
          state.setLast(n);
          return;
        }
      }
    }
    acceptGeneral(owner, seq, item, sender, out);
  }

  /** {@link #accept} for everything but the next expected item of a session without a gap. */
  private void acceptGeneral(
      Owner owner, SeqInfo.Session seq, Object item, @Nullable Object sender, Released out) {
    if (seq.seq() == 0) {
      throw new IllegalArgumentException(
          "in enqueue func for "
              + owner.selfId()
              + ", got seq 0 for message type "
              + item.getClass().getName());
    }
    ReorderSession state = session(seq.sessionId());
    List<Refusal> refused = null;
    boolean gapFormed = false;
    boolean forgottenWhileLookedUp = false;
    synchronized (state) {
      Supplier<DeliveryError> closedWith = closedError();
      if (state.id == FORGOTTEN) {
        // Forgotten since it was looked up: nothing may be held in it any more.
        forgottenWhileLookedUp = true;
      } else if (closedWith != null) {
        refused = refuse(null, new ReorderSession.Held(item, sender, seq), closedWith.get());
      } else if (seq.epoch() < state.epoch()) {
        refused =
            refuse(
                null,
                new ReorderSession.Held(item, sender, seq),
                gap(
                    owner,
                    seq,
                    "arrived after its sender restarted its sequence at epoch " + state.epoch()));
      } else {
        if (seq.epoch() > state.epoch()) {
          refused = supersede(owner, state, seq.epoch());
        }
        if (state.abandoned()) {
          refused =
              refuse(
                  refused,
                  new ReorderSession.Held(item, sender, seq),
                  gap(
                      owner,
                      seq,
                      "arrived after its epoch was abandoned at a gap at seq "
                          + (state.last() + 1)));
        } else if (seq.seq() <= state.last()) {
          log.warn(
              "{}: dropping duplicate message seq {} (epoch {}) from session {} (last delivered"
                  + " {})",
              owner.selfId(),
              seq.seq(),
              seq.epoch(),
              seq.sessionId(),
              state.last());
        } else if (seq.seq() > state.last() + 1) {
          ReorderSession.Gap g = state.gapState();
          TreeMap<Long, ReorderSession.Held> pending = g.pending;
          if (pending.isEmpty()) {
            g.sinceNanos = owner.reorderPolicy().clock().getAsLong();
            gapFormed = true;
          }
          ReorderSession.Held previous =
              pending.putIfAbsent(seq.seq(), new ReorderSession.Held(item, sender, seq));
          if (previous != null) {
            throw new IllegalArgumentException(
                owner.selfId()
                    + ": seq "
                    + seq.seq()
                    + " from session "
                    + seq.sessionId()
                    + " buffered twice");
          }
        } else {
          release(item, sender, out);
          state.setLast(seq.seq());
          ReorderSession.Gap g = state.gap;
          if (g != null && !g.pending.isEmpty()) {
            TreeMap<Long, ReorderSession.Held> pending = g.pending;
            ReorderSession.Held next;
            while ((next = pending.remove(g.last + 1)) != null) {
              release(next.item(), next.sender(), out);
              g.last++;
            }
            if (!pending.isEmpty()) {
              // A gap remains further on: its wait starts now.
              g.sinceNanos = owner.reorderPolicy().clock().getAsLong();
              gapFormed = true;
            }
          }
        }
      }
    }
    if (forgottenWhileLookedUp) {
      acceptGeneral(owner, seq, item, sender, out);
      return;
    }
    if (refused != null) {
      giveBack(owner, refused);
    }
    if (gapFormed) {
      armTimer(owner, owner.reorderPolicy());
    }
  }

  private static void release(Object item, @Nullable Object sender, Released out) {
    if (item != SKIP) {
      out.accept(item, sender);
    }
  }

  /** Moves {@code state} to {@code epoch}, giving back what it held of the older one. */
  private List<Refusal> supersede(Owner owner, ReorderSession state, long epoch) {
    // Called with the session's lock held.
    List<Refusal> refused = null;
    TreeMap<Long, ReorderSession.Held> pending = state.pending();
    if (pending != null && !pending.isEmpty()) {
      log.info(
          "{}: sender session {} restarted its sequence at epoch {}; returning {} messages held"
              + " behind a gap at seq {} of epoch {}",
          owner.selfId(),
          state.id,
          epoch,
          pending.size(),
          state.last() + 1,
          state.epoch());
      for (ReorderSession.Held held : pending.values()) {
        refused =
            refuse(
                refused,
                held,
                gap(
                    owner,
                    held.seq(),
                    "waited behind a gap at seq "
                        + (state.last() + 1)
                        + " that its sender gave up on (it restarted its sequence at epoch "
                        + epoch
                        + ")"));
      }
      pending.clear();
    }
    ReorderSession.Gap g = state.gapState();
    g.epoch = epoch;
    g.abandoned = false;
    g.last = 0;
    return refused == null ? new ArrayList<>() : refused;
  }

  private static List<Refusal> refuse(
      @Nullable List<Refusal> into, ReorderSession.Held held, DeliveryError error) {
    List<Refusal> list = into == null ? new ArrayList<>() : into;
    if (held.item() != SKIP) {
      list.add(new Refusal(held, error));
    }
    return list;
  }

  private static DeliveryError gap(Owner owner, SeqInfo.Session seq, String what) {
    return new DeliveryError(
        DeliveryError.Kind.SEQUENCE_GAP,
        owner.selfId()
            + ": message seq "
            + seq.seq()
            + " (epoch "
            + seq.epoch()
            + ") from sender session "
            + seq.sessionId()
            + " "
            + what
            + "; returned rather than delivered out of order");
  }

  private static void giveBack(Owner owner, List<Refusal> refused) {
    for (Refusal r : refused) {
      owner.accept(r.held().item(), r.held().sender(), r.held().seq(), r.error());
    }
  }

  // ------------------------------------------------------------------ bounded gaps

  private boolean isClosed() {
    return timerOrClosed instanceof Closed;
  }

  private @Nullable Supplier<DeliveryError> closedError() {
    return timerOrClosed instanceof Closed c ? c.error() : null;
  }

  /** Arms the gap timer for a full gap timeout of {@code policy}. */
  private void armTimer(Owner owner, Policy policy) {
    armTimer(owner, policy, policy.gapTimeoutNanos());
  }

  private void armTimer(Owner owner, Policy policy, long delayNanos) {
    if (!policy.bounded()) {
      return;
    }
    synchronized (this) {
      if (timerOrClosed == null) {
        timerOrClosed = owner.schedule(() -> expireGaps(owner), Math.max(0, delayNanos));
      }
    }
  }

  /**
   * Returns the items held behind every gap that has been open for {@code gapTimeout}, abandoning
   * their epochs, and re-arms the timer for the gaps still younger than that.
   */
  void expireGaps(Owner owner) {
    synchronized (this) {
      if (timerOrClosed instanceof Closed) {
        return;
      }
      timerOrClosed = null;
    }
    Policy policy = owner.reorderPolicy();
    long now = policy.clock().getAsLong();
    long nextIn = Long.MAX_VALUE;
    List<Refusal> refused = null;
    for (ReorderSession s : sessions()) {
      synchronized (s) {
        ReorderSession.Gap g = s.gap;
        if (g == null || g.pending.isEmpty()) {
          continue;
        }
        TreeMap<Long, ReorderSession.Held> pending = g.pending;
        long waited = now - g.sinceNanos;
        if (waited < policy.gapTimeoutNanos()) {
          nextIn = Math.min(nextIn, policy.gapTimeoutNanos() - waited);
          continue;
        }
        log.warn(
            "{}: seq {} (epoch {}) from sender session {} did not arrive within {} ms; returning"
                + " the {} messages held behind it and abandoning the epoch",
            owner.selfId(),
            s.last() + 1,
            g.epoch,
            s.id,
            policy.gapTimeoutNanos() / 1_000_000,
            pending.size());
        for (ReorderSession.Held held : pending.values()) {
          refused =
              refuse(
                  refused,
                  held,
                  gap(
                      owner,
                      held.seq(),
                      "waited "
                          + policy.gapTimeoutNanos() / 1_000_000
                          + " ms for seq "
                          + (s.last() + 1)
                          + ", which never arrived"));
        }
        pending.clear();
        g.abandoned = true;
      }
    }
    if (refused != null) {
      giveBack(owner, refused);
    }
    if (nextIn != Long.MAX_VALUE) {
      armTimer(owner, policy, nextIn);
    }
  }

  /**
   * Closes the buffer for good: everything held, and everything accepted from now on, goes to the
   * {@link Returned} callback with the error {@code error} supplies, which is asked for only when
   * something is returned and must give the same error each time.
   */
  void close(Owner owner, Supplier<DeliveryError> error) {
    synchronized (this) {
      Object armed = timerOrClosed;
      timerOrClosed = new Closed(error);
      if (armed instanceof Runnable cancel) {
        cancel.run();
      }
    }
    List<Refusal> refused = null;
    for (ReorderSession s : sessions()) {
      synchronized (s) {
        TreeMap<Long, ReorderSession.Held> pending = s.pending();
        if (pending != null) {
          for (ReorderSession.Held held : pending.values()) {
            refused = refuse(refused, held, error.get());
          }
          pending.clear();
        }
      }
    }
    if (refused != null) {
      giveBack(owner, refused);
    }
  }

  /** Every session seen so far: this buffer's own once claimed, then the table's. */
  private List<ReorderSession> sessions() {
    List<ReorderSession> all = new ArrayList<>();
    if (id != null) {
      all.add(this);
    }
    Table table = others;
    if (table != null) {
      for (int i = 0; i < table.slots.length; i++) {
        ReorderSession s = (ReorderSession) SLOT.getAcquire(table.slots, i);
        if (s != null) {
          all.add(s);
        }
      }
    }
    return all;
  }
}
