package io.hyperactor;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The receiving end of a single-use port.
 *
 * @param <M> the message type
 */
public interface OncePortReceiver<M> {

  /** The handle the replier uses. */
  OncePortHandle<M> handle();

  /**
   * Waits for the message.
   *
   * @throws TimeoutException when none arrives within {@code timeout}
   */
  M recv(Duration timeout) throws InterruptedException, TimeoutException;
}
