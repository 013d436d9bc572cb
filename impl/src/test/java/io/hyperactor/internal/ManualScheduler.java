package io.hyperactor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link DelayScheduler} whose clock moves only when the test calls {@link #advance}; due tasks
 * then run on the test's thread, in order of their due time.
 */
final class ManualScheduler implements DelayScheduler {
  private record Task(long dueNanos, long order, Runnable task, boolean[] cancelled) {}

  private final List<Task> tasks = new ArrayList<>();
  private long nowNanos;
  private long nextOrder;

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(nowNanos + delay.toNanos(), nextOrder++, task, cancelled));
    return () -> {
      synchronized (ManualScheduler.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves the clock by {@code by}, running every task that falls due. */
  void advance(Duration by) {
    long target;
    synchronized (this) {
      target = nowNanos + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled()[0]);
        next =
            tasks.stream()
                .filter(t -> t.dueNanos() <= target)
                .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order))
                .orElse(null);
        if (next == null) {
          nowNanos = target;
          return;
        }
        tasks.remove(next);
        nowNanos = next.dueNanos();
      }
      next.task().run();
    }
  }

  /** The tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    tasks.removeIf(t -> t.cancelled()[0]);
    return tasks.size();
  }

  /** The delay until the earliest pending task. */
  synchronized Duration nextDelay() {
    tasks.removeIf(t -> t.cancelled()[0]);
    return Duration.ofNanos(
        tasks.stream().mapToLong(Task::dueNanos).min().orElseThrow() - nowNanos);
  }
}
