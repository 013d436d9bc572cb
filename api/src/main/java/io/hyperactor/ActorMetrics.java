package io.hyperactor;

/**
 * Message metrics of one actor, labelled by its id when exported.
 *
 * <p>Names when exported: {@code actor.messages_received} (counter), {@code
 * actor.message_queue_size} (up/down counter), {@code actor.message_handler_duration} (timer, ns).
 */
public interface ActorMetrics {

  /** Work items taken off the queue by the loop (drained items included). */
  long messagesReceived();

  /** Work items queued and not yet taken. */
  long queueSize();

  /** How many handler durations were recorded. */
  long handlerCount();

  /** The sum of recorded handler durations, in nanoseconds. */
  long handlerTotalNanos();

  /** The longest recorded handler duration, in nanoseconds. */
  long handlerMaxNanos();
}
