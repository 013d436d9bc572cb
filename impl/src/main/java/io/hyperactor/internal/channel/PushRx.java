package io.hyperactor.internal.channel;

import io.hyperactor.channel.Rx;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An {@link Rx} that can hand its messages to a consumer on the transport's receiving thread, so
 * that a message reaches the application without waking a thread that waits in {@link #recv}.
 */
public interface PushRx<M> extends Rx<M> {

  /**
   * From now on hands every message to {@code consumer}, one at a time, in the order {@code recv}
   * would have taken them (which then fails). Taking a message for the consumer acknowledges it, as
   * {@code recv} does. The consumer must not block; messages already waiting are handed to it
   * before this returns.
   */
  void consumeWith(Consumer<? super M> consumer);

  /**
   * Waits, at most {@code timeout}, until the consumer is not running; after {@link #close} it has
   * then finished with every message it was given. True when it is not running.
   */
  boolean awaitConsumerIdle(Duration timeout) throws InterruptedException;
}
