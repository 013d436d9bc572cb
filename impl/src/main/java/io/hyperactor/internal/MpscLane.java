package io.hyperactor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A Vyukov-style MPSC linked queue: a producer swaps itself in as the tail (one atomic exchange)
 * and then links its predecessor to it; the consumer follows {@code next} from a stub head.
 * Between the exchange and the link the item is "in flight": {@link #isLaneEmpty} already counts it
 * and {@link #poll} waits the few instructions until it is linked.
 *
 * <p>Not final: an {@link ActorQueue} is itself its work lane, since every actor has one and a
 * separate object would be per-actor memory.
 */
class MpscLane {
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(MpscLane.class, "tail", Node.class);
      HEAD = MethodHandles.lookup().findVarHandle(MpscLane.class, "head", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile Node tail;
  private Node head;

  MpscLane() {
    Node stub = new Node(null, null);
    head = stub;
    tail = stub;
  }

  final Node push(Object item, @Nullable Object sender) {
    Node node = new Node(item, sender);
    Node prev = (Node) TAIL.getAndSet(this, node);
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
  final long depth() {
    long n = 0;
    Node node = (Node) HEAD.getAcquire(this);
    while ((node = (Node) Node.NEXT.getAcquire(node)) != null) {
      if (node.claim != Node.PRODUCER) {
        n++;
      }
    }
    return n;
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
}
