package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.Cancellable;
import io.hyperactor.Scheduler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor system's scheduler: one daemon thread over a delay queue.
 *
 * <p>A pending task is a queue entry, not a thread, so 100,000 pending timers cost memory only.
 * Cancelled tasks leave the queue at once ({@code removeOnCancelPolicy}), so timers that are
 * restarted over and over do not pile up. Tasks run on the scheduler's thread and must only hand
 * work on (enqueue a message, complete a future); a task that throws is logged and, if periodic,
 * stops repeating.
 *
 * <p>Owned by its actor system, which calls {@link #close()}. Thread-safe.
 */
final class TimerService implements Scheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TimerService.class);

  private final ScheduledThreadPoolExecutor executor;

  TimerService(String threadName) {
    executor =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name(threadName).unstarted(r));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  @Override
  public Cancellable scheduleOnce(Duration delay, Runnable task) {
    checkNotNull(delay, "delay");
    checkNotNull(task, "task");
    return submit(() -> executor.schedule(guarded(task), nanos(delay), TimeUnit.NANOSECONDS));
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration interval, Runnable task) {
    checkNotNull(initialDelay, "initialDelay");
    checkNotNull(interval, "interval");
    checkNotNull(task, "task");
    checkArgument(interval.isPositive(), "interval must be positive, got %s", interval);
    return submit(
        () ->
            executor.scheduleAtFixedRate(
                guarded(task), nanos(initialDelay), nanos(interval), TimeUnit.NANOSECONDS));
  }

  private Cancellable submit(java.util.function.Supplier<ScheduledFuture<?>> schedule) {
    try {
      return new FutureCancellable(schedule.get());
    } catch (RejectedExecutionException e) {
      checkState(!executor.isShutdown(), "the scheduler has been shut down");
      throw e;
    }
  }

  /** How many tasks are pending (for tests and introspection). */
  int pending() {
    return executor.getQueue().size();
  }

  private static long nanos(Duration d) {
    return d.isNegative() ? 0 : saturatedNanos(d);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("scheduled task {} failed", task, e);
        throw e;
      }
    };
  }

  /** Stops the thread; pending tasks never run. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("scheduler thread still running a task 10 s after shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record FutureCancellable(ScheduledFuture<?> future) implements Cancellable {
    @Override
    public boolean cancel() {
      return future.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }
  }
}
