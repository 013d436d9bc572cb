package io.hyperactor;

import java.time.Duration;

/**
 * Runs tasks after a delay or periodically, for the timers, delayed messages and ask timeouts of
 * one actor system.
 *
 * <p>The runtime's scheduler is a single thread that holds every pending task in a queue, so a
 * pending timer costs a queue entry and no thread. Tasks must be short: they enqueue a message or
 * complete a future, and never block. A test can give an actor system a manual scheduler (see the
 * testkit) so that time moves only when the test says.
 *
 * <pre>{@code
 * Cancellable reminder = system.scheduler().scheduleOnce(Duration.ofSeconds(5), () -> log("late"));
 * reminder.cancel();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Scheduler {

  /**
   * Runs {@code task} once, {@code delay} from now.
   *
   * @throws IllegalStateException if the scheduler has been shut down
   */
  Cancellable scheduleOnce(Duration delay, Runnable task);

  /**
   * Runs {@code task} every {@code interval}, the first time {@code initialDelay} from now, until
   * cancelled. A run that falls behind is not repeated to catch up more than once.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws IllegalStateException if the scheduler has been shut down
   */
  Cancellable scheduleAtFixedRate(Duration initialDelay, Duration interval, Runnable task);
}
