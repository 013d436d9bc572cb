package io.hyperactor;

/**
 * A handle on something scheduled to happen later (a timer, a delayed message), which can be
 * called off.
 *
 * <p>Thread-safe.
 */
public interface Cancellable {

  /**
   * Calls the scheduled work off. Returns true when this call cancelled it, false when it had
   * already run (a one-shot task), or was already cancelled.
   */
  boolean cancel();

  /** Whether {@link #cancel()} has been called successfully. */
  boolean isCancelled();
}
