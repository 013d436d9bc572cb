package io.hyperactor.internal;

import io.hyperactor.supervision.ActorStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The three inboxes of one actor loop (signals, supervision events, work), each a lock-free
 * multi-producer single-consumer queue, and the close protocol that accounts for every item.
 *
 * <p>Producers are any threads; the consumer is whichever activation of the actor currently owns
 * its loop (one at a time). The consumer takes signals first, then supervision events, then work:
 * a stop request is never stuck behind a long queue, and a child's failure is seen before more
 * work runs. Upstream picks among ready sources at random; no behaviour depends on either choice.
 *
 * <p>After an offer a producer calls the {@code onArrival} hook (which schedules the actor when it
 * is idle) and, when the consumer is parked in {@link #pollSignal}, unparks it.
 *
 * <p><b>Closing.</b> {@link #close} publishes the terminal status; the consumer then calls {@link
 * #sweep}, which hands every item still queued to a {@link Discard}. A producer that finds the
 * queue closed right after linking its item races with the sweep for that item; each item has a
 * claim word, so exactly one side reports it: the producer (its offer is refused and the send
 * fails) or the sweep. Nothing is left behind silently.
 *
 * <p>The queue is itself its work lane (an {@link MpscLane}): every actor has one, and a lane of
 * its own would be an object more per actor. For the same reason every instance is its own queue
 * ({@link AbstractInstance} extends this class): the queue lives exactly as long as its actor, and
 * one object instead of two saves a header and the references between them. A client instance,
 * which takes its messages through port receivers, leaves its queue empty.
 */
abstract class ActorQueue extends MpscLane {
  private static final VarHandle CONTROL;

  static {
    try {
      CONTROL = MethodHandles.lookup().findVarHandle(ActorQueue.class, "control", Control.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable ActorStatus closed;
  // Made by the first signal, supervision event or park: most idle actors have had none, and
  // the fields it holds would be per-actor memory.
  private volatile @Nullable Control control;

  /**
   * The signal and supervision lanes, and the consumer's thread while it parks. Signals and
   * supervision events are rare until an actor stops: each lane is made by its first producer (a
   * compare-and-set, so every producer links into the same one). A loop parks only when it is a
   * system actor's or waits for its children to stop.
   */
  private static final class Control {
    private static final VarHandle SIGNALS;
    private static final VarHandle SUPERVISION;
    private static final VarHandle PARKED;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        SIGNALS = l.findVarHandle(Control.class, "signals", MpscLane.class);
        SUPERVISION = l.findVarHandle(Control.class, "supervision", MpscLane.class);
        PARKED = l.findVarHandle(Control.class, "parked", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile @Nullable MpscLane signals;
    volatile @Nullable MpscLane supervision;
    volatile @Nullable Thread consumer;
    volatile int parked;

    MpscLane lane(VarHandle field) {
      MpscLane lane = (MpscLane) field.getVolatile(this);
      if (lane == null) {
        MpscLane made = new MpscLane();
        MpscLane witness = (MpscLane) field.compareAndExchange(this, (MpscLane) null, made);
        lane = witness == null ? made : witness;
      }
      return lane;
    }

    /** Unparks the consumer if it is parked; any thread. */
    void wake() {
      if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
        Thread t = consumer;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }

  /**
   * Tells the actor the queue belongs to of an arrival in any inbox (it schedules itself when
   * idle); called by the producer, on any thread.
   */
  abstract void onArrival();

  /** Queues a signal; returns null, or the terminal status when the queue refused it. */
  @Nullable ActorStatus offerSignal(Object signal) {
    return offer(control().lane(Control.SIGNALS), signal, null);
  }

  /** Queues a supervision event; returns null, or the terminal status when refused. */
  @Nullable ActorStatus offerSupervision(Object event) {
    return offer(control().lane(Control.SUPERVISION), event, null);
  }

  /** Queues a work item from {@code sender}; returns null, or the terminal status when refused. */
  @Nullable ActorStatus offerWork(Object item, @Nullable Object sender) {
    return offer(this, item, sender);
  }

  /** Consumer only: the next work item, or null. */
  @Nullable Object pollWork() {
    return poll();
  }

  private Control control() {
    Control c = control;
    if (c == null) {
      Control made = new Control();
      Control witness = (Control) CONTROL.compareAndExchange(this, (Control) null, made);
      c = witness == null ? made : witness;
    }
    return c;
  }

  /** Consumer only: the next signal, or null. */
  @Nullable Object pollSignal() {
    Control c = control;
    MpscLane lane = c == null ? null : c.signals;
    return lane == null ? null : lane.poll();
  }

  /** Consumer only: the next supervision event, or null. */
  @Nullable Object pollSupervision() {
    Control c = control;
    MpscLane lane = c == null ? null : c.supervision;
    return lane == null ? null : lane.poll();
  }

  private static boolean isEmpty(@Nullable MpscLane lane) {
    return lane == null || lane.isLaneEmpty();
  }

  private @Nullable ActorStatus offer(MpscLane lane, Object item, @Nullable Object sender) {
    Node node = lane.push(item, sender);
    ActorStatus c = closed;
    if (c != null && node.claim(Node.PRODUCER)) {
      return c;
    }
    onArrival();
    Control p = control;
    if (p != null) {
      p.wake();
    }
    return null;
  }

  /** Whether every inbox is empty, counting items whose producer is still linking them. */
  boolean isEmpty() {
    Control c = control;
    return (c == null || (isEmpty(c.signals) && isEmpty(c.supervision))) && isLaneEmpty();
  }

  /** Publishes the owner's terminal status; later offers are refused. First close wins. */
  synchronized void close(ActorStatus status) {
    if (closed == null) {
      closed = status;
    }
  }

  @Nullable ActorStatus closedStatus() {
    return closed;
  }

  /**
   * Consumer only, after {@link #close}: empties every inbox, passing each item not claimed by its
   * producer to {@code discard} (signals and supervision events to {@code control}); returns how
   * many work items were discarded.
   */
  long sweep(Discard control, Discard discard) {
    Control c = this.control;
    if (c != null) {
      MpscLane s = c.signals;
      if (s != null) {
        s.sweepLane(control);
      }
      MpscLane e = c.supervision;
      if (e != null) {
        e.sweepLane(control);
      }
    }
    return sweepLane(discard);
  }

  /**
   * Consumer only: parks until any inbox has an item. Returns early when the thread is
   * interrupted; callers re-check their state.
   */
  void awaitAny() {
    Control p = control();
    p.consumer = Thread.currentThread();
    try {
      while (isEmpty()) {
        p.parked = 1;
        // Re-check after publishing the flag so a concurrent offer either sees it or we see its
        // item.
        if (!isEmpty()) {
          p.parked = 0;
          return;
        }
        LockSupport.park(this);
        p.parked = 0;
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } finally {
      p.consumer = null;
    }
  }

  /** Consumer only: waits up to {@code nanos} for a signal; null on timeout or interrupt. */
  @Nullable Object pollSignal(long nanos) {
    long deadline = System.nanoTime() + nanos;
    Control p = control();
    p.consumer = Thread.currentThread();
    try {
      while (true) {
        Object s = pollSignal();
        if (s != null) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
          return null;
        }
        p.parked = 1;
        if (!isEmpty(p.signals)) {
          p.parked = 0;
          continue;
        }
        LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        p.parked = 0;
      }
    } finally {
      p.consumer = null;
    }
  }
}
