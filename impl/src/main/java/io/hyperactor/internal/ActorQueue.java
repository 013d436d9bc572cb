package io.hyperactor.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The three inboxes of one actor loop (signals, supervision events, work) and the parking that
 * lets its single consumer sleep when all are empty.
 *
 * <p>Producers are any threads; the consumer is the actor's own thread. The consumer takes signals
 * first, then supervision events, then work: a stop request is never stuck behind a long queue,
 * and a child's failure is seen before more work runs. Upstream picks among ready sources at
 * random; no behaviour depends on either choice.
 */
final class ActorQueue {
  private static final AtomicIntegerFieldUpdater<ActorQueue> PARKED =
      AtomicIntegerFieldUpdater.newUpdater(ActorQueue.class, "parked");

  final ConcurrentLinkedQueue<Object> signals = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Object> supervision = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Object> work = new ConcurrentLinkedQueue<>();

  private volatile @Nullable Thread consumer;
  private volatile int parked;

  /** Which inbox an item came from. */
  enum Lane {
    SIGNAL,
    SUPERVISION,
    WORK
  }

  void setConsumer(Thread thread) {
    consumer = thread;
  }

  void offerSignal(Object signal) {
    signals.offer(signal);
    wake();
  }

  void offerSupervision(Object event) {
    supervision.offer(event);
    wake();
  }

  void offerWork(Object item) {
    work.offer(item);
    wake();
  }

  private void wake() {
    if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
      Thread t = consumer;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  private boolean allEmpty() {
    return signals.isEmpty() && supervision.isEmpty() && work.isEmpty();
  }

  /**
   * Waits (parking the calling consumer) until any inbox has an item. Returns early when the
   * thread is interrupted; callers re-check their state.
   */
  void awaitAny() {
    while (allEmpty()) {
      parked = 1;
      // Re-check after publishing the flag so a concurrent offer either sees it or we see its item.
      if (!allEmpty()) {
        parked = 0;
        return;
      }
      LockSupport.park(this);
      parked = 0;
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /** Waits up to {@code nanos} for a signal; null on timeout or interrupt. */
  @Nullable Object pollSignal(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (true) {
      Object s = signals.poll();
      if (s != null) {
        return s;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return null;
      }
      parked = 1;
      if (!signals.isEmpty()) {
        parked = 0;
        continue;
      }
      LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      parked = 0;
    }
  }
}
