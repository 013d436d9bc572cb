package io.hyperactor.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Cancellable;
import io.hyperactor.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when a test calls {@link #advance}: the counterpart of Pekko's
 * {@code ManualTime}. Give it to an actor system (the testkit does, with {@code manualTime()}), and
 * timers, delayed messages and ask timeouts fire exactly when the test moves the clock past them,
 * in order of their due time, on the test's thread.
 *
 * <pre>{@code
 * kit.clock().advance(Duration.ofSeconds(5));   // fires what was due within 5 s
 * probe.expectMessage(Tick.class, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Thread-safe; tasks run outside its lock, so a task may schedule more.
 */
public final class ManualScheduler implements Scheduler {
  private final Object lock = new Object();
  // Guarded by lock.
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long sequence;

  private final class Task implements Comparable<Task>, Cancellable {
    private final long seq;
    private final long interval;
    private final Runnable body;
    private long due;
    private boolean cancelled;

    Task(long due, long interval, Runnable body) {
      this.due = due;
      this.interval = interval;
      this.body = body;
      this.seq = sequence++;
    }

    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(seq, other.seq);
    }

    @Override
    public boolean cancel() {
      synchronized (lock) {
        if (cancelled || (interval == 0 && !tasks.contains(this))) {
          return false;
        }
        cancelled = true;
        tasks.remove(this);
        return true;
      }
    }

    @Override
    public boolean isCancelled() {
      synchronized (lock) {
        return cancelled;
      }
    }
  }

  @Override
  public Cancellable scheduleOnce(Duration delay, Runnable task) {
    checkNotNull(delay, "delay");
    checkNotNull(task, "task");
    synchronized (lock) {
      Task t = new Task(now + Math.max(0, delay.toNanos()), 0, task);
      tasks.add(t);
      return t;
    }
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration interval, Runnable task) {
    checkNotNull(initialDelay, "initialDelay");
    checkNotNull(task, "task");
    checkArgument(interval.isPositive(), "interval must be positive, got %s", interval);
    synchronized (lock) {
      Task t = new Task(now + Math.max(0, initialDelay.toNanos()), interval.toNanos(), task);
      tasks.add(t);
      return t;
    }
  }

  /**
   * Moves the clock forward by {@code duration}, running every task that falls due on the way, in
   * due order; a periodic task runs once for each of its periods that passes.
   */
  public void advance(Duration duration) {
    checkArgument(!duration.isNegative(), "cannot move the clock back: %s", duration);
    long target;
    synchronized (lock) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = next.due;
        if (next.interval > 0) {
          next.due += next.interval;
          tasks.add(next);
        }
      }
      next.body.run();
    }
  }

  /** How far the clock has moved since it was made. */
  public Duration elapsed() {
    synchronized (lock) {
      return Duration.ofNanos(now);
    }
  }

  /** The due times of the pending tasks, from now, soonest first. */
  public List<Duration> pending() {
    synchronized (lock) {
      List<Task> sorted = new ArrayList<>(tasks);
      sorted.sort(null);
      return sorted.stream().map(t -> Duration.ofNanos(t.due - now)).toList();
    }
  }
}
