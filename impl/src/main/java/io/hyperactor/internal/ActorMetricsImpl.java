package io.hyperactor.internal;

import io.hyperactor.ActorMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one actor. Queue size is written by any sender; the rest only by the actor's own
 * thread, so plain volatile writes suffice there. Handler durations are measured around each
 * handler call with {@link System#nanoTime()}.
 */
final class ActorMetricsImpl implements ActorMetrics {
  private final LongAdder queueSize = new LongAdder();
  private volatile long received;
  private volatile long handlerCount;
  private volatile long handlerTotalNanos;
  private volatile long handlerMaxNanos;

  void enqueued() {
    queueSize.increment();
  }

  void dequeued() {
    queueSize.decrement();
    received++;
  }

  void discarded(long n) {
    queueSize.add(-n);
  }

  void handlerDuration(long nanos) {
    handlerCount++;
    handlerTotalNanos += nanos;
    if (nanos > handlerMaxNanos) {
      handlerMaxNanos = nanos;
    }
  }

  @Override
  public long messagesReceived() {
    return received;
  }

  @Override
  public long queueSize() {
    return queueSize.sum();
  }

  @Override
  public long handlerCount() {
    return handlerCount;
  }

  @Override
  public long handlerTotalNanos() {
    return handlerTotalNanos;
  }

  @Override
  public long handlerMaxNanos() {
    return handlerMaxNanos;
  }
}
