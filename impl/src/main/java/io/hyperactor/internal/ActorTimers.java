package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Cancellable;
import io.hyperactor.Scheduler;
import io.hyperactor.Timers;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timers of one actor, on its system's scheduler.
 *
 * <p>A timer that fires queues a {@link Fired} item carrying its key and generation; the actor
 * handles the message only if that generation is still the key's current one ({@link #accept}).
 * So a timer cancelled or replaced after its message was queued never reaches the handler, and
 * nothing waits on a thread. Made on the actor's first use of timers; thread-safe.
 */
final class ActorTimers<M> implements Timers<M> {
  private final Scheduler scheduler;
  private final Sink sink;
  private final ConcurrentHashMap<Object, Entry> active = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();

  /** Where fired timers go: the actor's work queue. */
  @FunctionalInterface
  interface Sink {
    void fired(Fired fired);
  }

  /** A timer's message, queued as the actor's work when the timer fires. */
  record Fired(Object key, long generation, Object message) {}

  private record Entry(long generation, Cancellable task, boolean periodic) {}

  ActorTimers(Scheduler scheduler, Sink sink) {
    this.scheduler = scheduler;
    this.sink = sink;
  }

  @Override
  public void startSingleTimer(Object key, M message, Duration delay) {
    checkNotNull(key, "key");
    checkNotNull(message, "message");
    checkNotNull(delay, "delay");
    long generation = generations.incrementAndGet();
    Fired fired = new Fired(key, generation, message);
    replace(key, new Entry(generation, scheduler.scheduleOnce(delay, () -> sink.fired(fired)), false));
  }

  @Override
  public void startTimerAtFixedRate(
      Object key, M message, Duration initialDelay, Duration interval) {
    checkNotNull(key, "key");
    checkNotNull(message, "message");
    checkNotNull(initialDelay, "initialDelay");
    checkArgument(interval.isPositive(), "interval must be positive, got %s", interval);
    long generation = generations.incrementAndGet();
    Fired fired = new Fired(key, generation, message);
    replace(
        key,
        new Entry(
            generation,
            scheduler.scheduleAtFixedRate(initialDelay, interval, () -> sink.fired(fired)),
            true));
  }

  private void replace(Object key, Entry entry) {
    Entry previous = active.put(key, entry);
    if (previous != null) {
      previous.task().cancel();
    }
  }

  @Override
  public boolean isTimerActive(Object key) {
    return active.containsKey(checkNotNull(key, "key"));
  }

  @Override
  public void cancel(Object key) {
    Entry entry = active.remove(checkNotNull(key, "key"));
    if (entry != null) {
      entry.task().cancel();
    }
  }

  @Override
  public void cancelAll() {
    for (Object key : active.keySet()) {
      cancel(key);
    }
  }

  /**
   * Whether the actor should handle {@code fired}: its timer is still the current one under its
   * key. A single timer is over once accepted.
   */
  boolean accept(Fired fired) {
    Entry entry = active.get(fired.key());
    if (entry == null || entry.generation() != fired.generation()) {
      return false;
    }
    if (!entry.periodic()) {
      active.remove(fired.key(), entry);
    }
    return true;
  }

  /** A handle that cancels the timer under {@code key} unless it has already delivered. */
  Cancellable handle(Object key) {
    AtomicBoolean cancelled = new AtomicBoolean();
    return new Cancellable() {
      @Override
      public boolean cancel() {
        Entry entry = active.remove(key);
        if (entry == null) {
          return false;
        }
        entry.task().cancel();
        cancelled.set(true);
        return true;
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
  }
}
