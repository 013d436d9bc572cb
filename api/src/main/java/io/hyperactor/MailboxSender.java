package io.hyperactor;

import java.time.Duration;

/**
 * Something that accepts envelopes for delivery: a proc, its forwarder, a router, a channel.
 *
 * <p>A sender never drops a message silently: when it cannot deliver an envelope whose {@link
 * MessageEnvelope#returnUndeliverable()} is set, it returns an {@link Undeliverable} to the
 * envelope's sender.
 */
public interface MailboxSender {

  /** Accepts {@code envelope} for delivery. */
  void post(MessageEnvelope envelope);

  /**
   * Waits until everything posted so far has been handed on, or {@code timeout} passes.
   *
   * @throws java.util.concurrent.TimeoutException when the timeout passes first
   */
  default void flush(Duration timeout) throws Exception {}
}
