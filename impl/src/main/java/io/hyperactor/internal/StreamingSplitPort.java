package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.hyperactor.SeqInfo;
import io.hyperactor.mesh.accum.Reducer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A split port that reduces what it receives and passes the reduction on to its parent: as soon as
 * {@code maxBufferSize} updates are reduced, or when no update arrived for a while.
 *
 * <p>The wait is re-armed by every update and backs off: it starts at the initial interval and
 * doubles with every update, up to the maximum (upstream adds ±50% jitter; this port does not, so
 * its flushes can be tested exactly). Updates are reduced as they arrive rather than buffered, so
 * an update the reducer refuses is returned to its sender at once, and a timer flush can never meet
 * an error.
 *
 * <p>Thread-safe. Senders and the timer take the port's lock, and the reduction is posted to the
 * parent under it, so two flushes never reach the parent out of order.
 */
final class StreamingSplitPort implements SplitSink {
  private final SplitTarget target;

  @Override
  public SplitTarget target() {
    return target;
  }
  private final Reducer<Object> reducer;
  private final long maxBufferSize;
  private final Duration maxInterval;
  private final DelayScheduler scheduler;

  @GuardedBy("this")
  private @Nullable Object reduced;

  @GuardedBy("this")
  private long buffered;

  @GuardedBy("this")
  private Duration nextInterval;

  @GuardedBy("this")
  private DelayScheduler.@Nullable Scheduled alarm;

  /** Identifies the armed alarm, so a timer task that lost the race with a re-arm does nothing. */
  @GuardedBy("this")
  private long alarmGeneration;

  StreamingSplitPort(
      SplitTarget target,
      Reducer<Object> reducer,
      long maxBufferSize,
      Duration initialInterval,
      Duration maxInterval,
      DelayScheduler scheduler) {
    checkArgument(maxBufferSize >= 0, "maxBufferSize must be >= 0, got %s", maxBufferSize);
    checkArgument(maxInterval.isPositive(), "maxInterval must be positive, got %s", maxInterval);
    checkArgument(
        initialInterval.isPositive(), "initialInterval must be positive, got %s", initialInterval);
    this.target = checkNotNull(target, "target");
    this.reducer = checkNotNull(reducer, "reducer");
    this.maxBufferSize = maxBufferSize;
    this.maxInterval = maxInterval;
    this.scheduler = checkNotNull(scheduler, "scheduler");
    this.nextInterval = initialInterval.compareTo(maxInterval) > 0 ? maxInterval : initialInterval;
  }

  /**
   * Reduces {@code message} into the pending reduction.
   *
   * @throws IllegalArgumentException when the reducer refuses it; the pending reduction is kept
   */
  @Override
  public synchronized void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    checkNotNull(message, "message");
    reduced = reduced == null ? message : reduce(reduced, message);
    buffered++;
    if (buffered >= maxBufferSize) {
      disarm();
      flush();
      return;
    }
    rearm();
  }

  private Object reduce(Object left, Object right) {
    try {
      return reducer.reduce(left, right);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "split port " + target.self() + " could not reduce " + right + ": " + e.getMessage(), e);
    }
  }

  @GuardedBy("this")
  private void rearm() {
    disarm();
    long generation = ++alarmGeneration;
    Duration interval = nextInterval;
    Duration doubled = nextInterval.multipliedBy(2);
    nextInterval = doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
    try {
      alarm = scheduler.schedule(interval, () -> onAlarm(generation));
    } catch (RejectedExecutionException e) {
      // The proc is shutting down: pass the reduction on now rather than lose it.
      flush();
    }
  }

  @GuardedBy("this")
  private void disarm() {
    DelayScheduler.Scheduled a = alarm;
    if (a != null) {
      a.cancel();
      alarm = null;
    }
    alarmGeneration++;
  }

  private synchronized void onAlarm(long generation) {
    if (generation != alarmGeneration) {
      return;
    }
    alarm = null;
    flush();
  }

  @GuardedBy("this")
  private void flush() {
    Object r = reduced;
    reduced = null;
    buffered = 0;
    if (r != null) {
      target.post(r);
    }
  }

  @Override
  public String toString() {
    return "StreamingSplitPort{" + target.self() + " -> " + target.parent() + "}";
  }
}
