package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Cancellable;
import io.hyperactor.Scheduler;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proc's timer for delayed tasks such as the time-based flush of split ports, on its actor
 * system's scheduler.
 *
 * <p>It adds to the scheduler what a proc needs: {@link #shutdown()} (at proc teardown) refuses new
 * tasks and runs those still waiting at once, so buffered updates are passed on rather than lost
 * and nothing waits past the proc for a distant deadline. Thread-safe.
 */
final class ProcTimer implements DelayScheduler {
  private static final Logger log = LoggerFactory.getLogger(ProcTimer.class);

  private final ProcId procId;
  private final Scheduler scheduler;
  // Tasks scheduled and neither run nor cancelled: what shutdown() still has to run.
  private final Set<Task> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean shutDown;

  ProcTimer(ProcId procId, Scheduler scheduler) {
    this.procId = checkNotNull(procId, "procId");
    this.scheduler = checkNotNull(scheduler, "scheduler");
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
    if (shutDown) {
      waiting.remove(t);
      throw new RejectedExecutionException("the timer of proc " + procId + " is shut down");
    }
    Cancellable scheduled;
    try {
      scheduled = scheduler.scheduleOnce(delay, t);
    } catch (RuntimeException e) {
      waiting.remove(t);
      throw e;
    }
    return () -> {
      if (t.claim()) {
        scheduled.cancel();
      }
    };
  }

  /** Refuses new tasks and runs the waiting ones now, on the calling thread. */
  void shutdown() {
    shutDown = true;
    for (Task t : List.copyOf(waiting)) {
      try {
        t.run();
      } catch (RuntimeException e) {
        log.warn("{}: timer task failed at shutdown: {}", procId, e.toString(), e);
      }
    }
  }
}
