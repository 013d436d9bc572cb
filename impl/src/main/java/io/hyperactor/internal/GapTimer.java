package io.hyperactor.internal;

/** Runs a task once after a delay: how a {@link ReorderBuffer} bounds its wait on a gap. */
@FunctionalInterface
interface GapTimer {

  /** Runs {@code task} once, {@code delayNanos} from now; the returned action cancels it. */
  Runnable schedule(Runnable task, long delayNanos);
}
