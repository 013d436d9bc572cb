package io.hyperactor;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The receiving end of a port; used by one consumer thread.
 *
 * @param <M> the message type
 */
public interface PortReceiver<M> extends AutoCloseable {

  /** The handle senders use. */
  PortHandle<M> handle();

  /**
   * Waits for the next message.
   *
   * @throws TimeoutException when none arrives within {@code timeout}
   */
  M recv(Duration timeout) throws InterruptedException, TimeoutException;

  /** The next message if one is queued, else null. */
  @Nullable M tryRecv();

  /** Closes the port: later sends fail and it is removed from the mailbox. */
  @Override
  void close();
}
