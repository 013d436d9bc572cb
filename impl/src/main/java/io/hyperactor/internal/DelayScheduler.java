package io.hyperactor.internal;

import java.time.Duration;

/**
 * Runs a task once after a delay.
 *
 * <p>The proc's timer in production ({@link ProcTimer}, over the actor system's scheduler); tests
 * substitute a scheduler they advance by hand, so time-based behaviour is checked without
 * sleeping.
 */
interface DelayScheduler {

  /** A scheduled task that may still be cancelled. */
  interface Scheduled {
    /** Cancels the task if it has not started; a no-op otherwise. */
    void cancel();
  }

  /**
   * Runs {@code task} once, after {@code delay}, on the scheduler's own thread.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the scheduler has shut down
   */
  Scheduled schedule(Duration delay, Runnable task);
}
