package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The proc's timer: one daemon thread, started on first use, that runs delayed tasks such as the
 * time-based flush of split ports.
 *
 * <p>The thread exits after a second without work, so a proc that schedules nothing, or is dropped
 * without being destroyed, holds no thread. {@link #shutdown()} (at proc teardown) refuses new
 * tasks but still runs those already scheduled, so buffered updates are passed on rather than lost.
 * Thread-safe.
 */
final class ProcTimer implements DelayScheduler {
  private final ProcId procId;
  private @Nullable ScheduledThreadPoolExecutor executor;

  ProcTimer(ProcId procId) {
    this.procId = checkNotNull(procId, "procId");
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    checkNotNull(delay, "delay");
    checkNotNull(task, "task");
    ScheduledFuture<?> f = executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  private synchronized ScheduledThreadPoolExecutor executor() {
    ScheduledThreadPoolExecutor e = executor;
    if (e == null) {
      e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "hyperactor-timer-" + procId);
                t.setDaemon(true);
                return t;
              });
      e.setKeepAliveTime(1, TimeUnit.SECONDS);
      e.allowCoreThreadTimeOut(true);
      e.setRemoveOnCancelPolicy(true);
      executor = e;
    }
    return e;
  }

  /** Refuses new tasks; those already scheduled still run, then the thread exits. */
  synchronized void shutdown() {
    ScheduledThreadPoolExecutor e = executor;
    if (e == null) {
      // Nothing was ever scheduled: make later schedule() calls fail too.
      e = executor();
    }
    e.shutdown();
  }
}
