package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proc's timer: one daemon thread, started on first use, that runs delayed tasks such as the
 * time-based flush of split ports.
 *
 * <p>The thread exits after a second without work, so a proc that schedules nothing, or is dropped
 * without being destroyed, holds no thread. {@link #shutdown()} (at proc teardown) refuses new
 * tasks and runs those still waiting at once, so buffered updates are passed on rather than lost
 * and no thread outlives the proc waiting for a distant deadline. Thread-safe.
 */
final class ProcTimer implements DelayScheduler {
  private static final Logger log = LoggerFactory.getLogger(ProcTimer.class);

  private final ProcId procId;
  // Tasks scheduled and neither run nor cancelled: what shutdown() still has to run. The executor
  // cannot give them back, since a task of a stopped ScheduledThreadPoolExecutor cancels itself.
  private final Set<Task> waiting = ConcurrentHashMap.newKeySet();

  @GuardedBy("this")
  private @Nullable ScheduledThreadPoolExecutor executor;

  ProcTimer(ProcId procId) {
    this.procId = checkNotNull(procId, "procId");
  }

  /** A task that runs, or is cancelled, at most once. */
  private final class Task implements Runnable {
    private final Runnable body;
    private final AtomicBoolean claimed = new AtomicBoolean();

    Task(Runnable body) {
      this.body = body;
    }

    boolean claim() {
      if (!claimed.compareAndSet(false, true)) {
        return false;
      }
      waiting.remove(this);
      return true;
    }

    @Override
    public void run() {
      if (claim()) {
        body.run();
      }
    }
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    checkNotNull(delay, "delay");
    Task t = new Task(checkNotNull(task, "task"));
    waiting.add(t);
    ScheduledFuture<?> f;
    try {
      f = executor().schedule(t, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      waiting.remove(t);
      throw e;
    }
    return () -> {
      if (t.claim()) {
        f.cancel(false);
      }
    };
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

  /**
   * Refuses new tasks and runs the waiting ones now, on the calling thread; the timer thread then
   * exits.
   */
  void shutdown() {
    // Creating the executor when nothing was ever scheduled makes later schedule() calls fail.
    executor().shutdownNow();
    for (Task t : List.copyOf(waiting)) {
      try {
        t.run();
      } catch (RuntimeException e) {
        log.warn("{}: timer task failed at shutdown: {}", procId, e.toString(), e);
      }
    }
  }
}
