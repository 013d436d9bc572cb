package io.hyperactor.internal;

import com.google.common.annotations.VisibleForTesting;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A Vyukov-style MPSC linked queue: a producer swaps itself in as the tail (one atomic exchange)
 * and then links its predecessor to it; the consumer follows {@code next} from a stub head.
 * Between the exchange and the link the item is "in flight": {@link #isLaneEmpty} already counts it
 * and {@link #poll} waits the few instructions until it is linked.
 *
 * <p>The stub is the lane itself (a {@link LaneLink}) whenever the lane is at rest: a poll that
 * finds it empty behind a consumed node puts the lane back as the tail with one compare-and-set,
 * so an idle actor keeps no node. The compare-and-set fails only when a producer has just swapped
 * itself in behind that node; the poll then waits for its link, as for any item in flight, and
 * the node stays the stub until the lane next empties. Nodes are never reused, so the
 * compare-and-set cannot mistake a later tail for the one it read. The lane's own link is
 * cleared as the consumer moves past it, so a lane that never empties does not keep the nodes
 * it has passed reachable.
 *
 * <p>Not final: an {@link ActorQueue} is itself its work lane, since every actor has one and a
 * separate object would be per-actor memory.
 */
class MpscLane extends LaneLink {
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(MpscLane.class, "tail", LaneLink.class);
      HEAD = MethodHandles.lookup().findVarHandle(MpscLane.class, "head", LaneLink.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile LaneLink tail = this;
  private LaneLink head = this;

  final Node push(Object item, @Nullable Object sender) {
    Node node = new Node(item, sender);
    LaneLink prev = (LaneLink) TAIL.getAndSet(this, node);
    Node.NEXT.setRelease(prev, node);
    return node;
  }

  final boolean isLaneEmpty() {
    return tail == head;
  }

  /** Consumer only: the next item, or null when empty. */
  final @Nullable Object poll() {
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
    LaneLink h = head;
    Node next = (Node) Node.NEXT.getAcquire(h);
    if (next == null) {
      if (tail == h) {
        if (h != this && TAIL.compareAndSet(this, h, this)) {
          // Empty: the lane is the stub again and the consumed node is garbage. Its link was
          // cleared when the consumer last moved past it, and no producer links to it until
          // the exchange that the compare-and-set just made possible.
          HEAD.setRelease(this, this);
          return null;
        }
        if (h == this) {
          return null;
        }
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
    if (h == this) {
      // Its one producer has linked it; no other will until it is the tail again.
      Node.NEXT.set(this, (Node) null);
    }
    // Release: free on x86, and lets depth() walk from here on another thread.
    HEAD.setRelease(this, next);
    return next;
  }

  /**
   * Counts the nodes after the head that their producers did not take back. Walking from a stale
   * head may overcount a little (nodes already passed) or, when that head is the lane itself or a
   * node the lane has since dropped, count nothing; it is a reading for introspection, not a size
   * anyone relies on.
   */
  final long depth() {
    long n = 0;
    LaneLink link = (LaneLink) HEAD.getAcquire(this);
    Node node;
    while ((node = (Node) Node.NEXT.getAcquire(link)) != null) {
      if (node.claim != Node.PRODUCER) {
        n++;
      }
      link = node;
    }
    return n;
  }

  /** Whether the lane holds no node: it is empty and its own stub. Consumer only. */
  @VisibleForTesting
  final boolean atRest() {
    return head == this && tail == this;
  }

  final long sweepLane(Discard discard) {
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

  /** Receives what a sweep finds: the item and the sender that queued it, if known. */
  @FunctionalInterface
  interface Discard {
    void discard(Object item, @Nullable Object sender);
  }

  /** One queued item. */
  static final class Node extends LaneLink {
    static final int UNCLAIMED = 0;
    static final int PRODUCER = 1;
    static final int SWEEP = 2;
    private static final VarHandle NEXT;
    private static final VarHandle CLAIM;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        NEXT = l.findVarHandle(LaneLink.class, "next", Node.class);
        CLAIM = l.findVarHandle(Node.class, "claim", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @Nullable Object item;
    @Nullable Object sender;
    private volatile int claim;

    Node(@Nullable Object item, @Nullable Object sender) {
      this.item = item;
      this.sender = sender;
    }

    boolean claim(int who) {
      return CLAIM.compareAndSet(this, UNCLAIMED, who);
    }
  }
}
