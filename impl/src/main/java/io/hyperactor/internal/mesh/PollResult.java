package io.hyperactor.internal.mesh;

/**
 * What a mesh-specific poll step did: it wants the next poll without further checks ({@link
 * Reschedule}), or it processed the states ({@link Processed}).
 */
sealed interface PollResult permits PollResult.Reschedule, PollResult.Processed {

  /** Poll again next period; send no heartbeat. */
  record Reschedule() implements PollResult {}

  /**
   * The states were applied.
   *
   * @param didNotify whether a failure or stop was sent
   */
  record Processed(boolean didNotify) implements PollResult {}
}
