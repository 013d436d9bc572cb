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
 */
final class ActorQueue {
  private static final VarHandle CONTROL;

  static {
    try {
      CONTROL = MethodHandles.lookup().findVarHandle(ActorQueue.class, "control", Control.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Receives what {@link #sweep} finds: the item and the sender that queued it, if known. */
  @FunctionalInterface
  interface Discard {
    void discard(Object item, @Nullable Object sender);
  }

  final Lane work = new Lane();
  private final Owner owner;
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
        SIGNALS = l.findVarHandle(Control.class, "signals", Lane.class);
        SUPERVISION = l.findVarHandle(Control.class, "supervision", Lane.class);
        PARKED = l.findVarHandle(Control.class, "parked", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile @Nullable Lane signals;
    volatile @Nullable Lane supervision;
    volatile @Nullable Thread consumer;
    volatile int parked;

    Lane lane(VarHandle field) {
      Lane lane = (Lane) field.getVolatile(this);
      if (lane == null) {
        Lane made = new Lane();
        Lane witness = (Lane) field.compareAndExchange(this, (Lane) null, made);
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

  /** The actor the queue belongs to, told of every arrival (it schedules itself when idle). */
  interface Owner {
    void onArrival();
  }

  ActorQueue(Owner owner) {
    this.owner = owner;
  }

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
    return offer(work, item, sender);
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
    Lane lane = c == null ? null : c.signals;
    return lane == null ? null : lane.poll();
  }

  /** Consumer only: the next supervision event, or null. */
  @Nullable Object pollSupervision() {
    Control c = control;
    Lane lane = c == null ? null : c.supervision;
    return lane == null ? null : lane.poll();
  }

  private static boolean isEmpty(@Nullable Lane lane) {
    return lane == null || lane.isEmpty();
  }

  private @Nullable ActorStatus offer(Lane lane, Object item, @Nullable Object sender) {
    Node node = lane.push(item, sender);
    ActorStatus c = closed;
    if (c != null && node.claim(Node.PRODUCER)) {
      return c;
    }
    owner.onArrival();
    Control p = control;
    if (p != null) {
      p.wake();
    }
    return null;
  }

  /** Work items queued and not yet taken; any thread, a snapshot (it walks the queue). */
  long workDepth() {
    return work.depth();
  }

  /** Whether every inbox is empty, counting items whose producer is still linking them. */
  boolean isEmpty() {
    Control c = control;
    return (c == null || (isEmpty(c.signals) && isEmpty(c.supervision))) && work.isEmpty();
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
      Lane s = c.signals;
      if (s != null) {
        s.sweep(control);
      }
      Lane e = c.supervision;
      if (e != null) {
        e.sweep(control);
      }
    }
    return work.sweep(discard);
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

  /** One queued item. */
  static final class Node {
    static final int UNCLAIMED = 0;
    static final int PRODUCER = 1;
    static final int SWEEP = 2;
    private static final VarHandle NEXT;
    private static final VarHandle CLAIM;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        NEXT = l.findVarHandle(Node.class, "next", Node.class);
        CLAIM = l.findVarHandle(Node.class, "claim", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @Nullable Object item;
    @Nullable Object sender;
    private volatile @Nullable Node next;
    private volatile int claim;

    Node(@Nullable Object item, @Nullable Object sender) {
      this.item = item;
      this.sender = sender;
    }

    boolean claim(int who) {
      return CLAIM.compareAndSet(this, UNCLAIMED, who);
    }
  }

  /**
   * A Vyukov-style MPSC linked queue: a producer swaps itself in as the tail (one atomic exchange)
   * and then links its predecessor to it; the consumer follows {@code next} from a stub head.
   * Between the exchange and the link the item is "in flight": {@link #isEmpty} already counts it
   * and {@link #poll} waits the few instructions until it is linked.
   */
  static final class Lane {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
      try {
        TAIL = MethodHandles.lookup().findVarHandle(Lane.class, "tail", Node.class);
        HEAD = MethodHandles.lookup().findVarHandle(Lane.class, "head", Node.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile Node tail;
    private Node head;

    Lane() {
      Node stub = new Node(null, null);
      head = stub;
      tail = stub;
    }

    Node push(Object item, @Nullable Object sender) {
      Node node = new Node(item, sender);
      Node prev = (Node) TAIL.getAndSet(this, node);
      Node.NEXT.setRelease(prev, node);
      return node;
    }

    boolean isEmpty() {
      return tail == head;
    }

    /** Consumer only: the next item, or null when empty. */
    @Nullable Object poll() {
      Node node = nextNode();
      if (node == null) {
        return null;
      }
      Object item = node.item;
      node.item = null;
      node.sender = null;
      return item;
    }

    private @Nullable Node nextNode() {
      Node h = head;
      Node next = (Node) Node.NEXT.getAcquire(h);
      if (next == null) {
        if (tail == h) {
          return null;
        }
        int spins = 0;
        while ((next = (Node) Node.NEXT.getAcquire(h)) == null) {
          if (++spins < 64) {
            Thread.onSpinWait();
          } else {
            Thread.yield();
          }
        }
      }
      // Release: free on x86, and lets depth() walk from here on another thread.
      HEAD.setRelease(this, next);
      return next;
    }

    /**
     * Counts the nodes after the head that their producers did not take back. Nodes are never
     * unlinked, only passed, so walking from a stale head at most overcounts a little.
     */
    long depth() {
      long n = 0;
      Node node = (Node) HEAD.getAcquire(this);
      while ((node = (Node) Node.NEXT.getAcquire(node)) != null) {
        if (node.claim != Node.PRODUCER) {
          n++;
        }
      }
      return n;
    }

    long sweep(Discard discard) {
      long n = 0;
      Node node;
      while ((node = nextNode()) != null) {
        Object item = node.item;
        Object sender = node.sender;
        node.item = null;
        node.sender = null;
        if (item != null && node.claim(Node.SWEEP)) {
          discard.discard(item, sender);
          n++;
        }
      }
      return n;
    }
  }
}
