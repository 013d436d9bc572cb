package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import java.time.Duration;

/**
 * The link of an in-JVM proc to its host: the proc's messages for procs that are not its siblings
 * are posted into the host's forwarder in memory, where the host's backend server would have posted
 * them after they crossed a channel.
 *
 * <p>Posting is synchronous: when {@link #post} returns, the host has routed the envelope onto its
 * link towards the destination, so a proc's envelopes leave the host in the order the proc posted
 * them, as they did when its channel to the backend delivered them in order to one server loop. An
 * envelope the host cannot route comes back to its sender through the host's return path, as
 * before. {@link #flush} has nothing to wait for: a channel's flush ended when the host's backend
 * had taken every envelope, and a post here returns only once the host has taken it. Once {@link
 * #close}d (the proc is torn down), envelopes go back to their senders through {@code returns} as a
 * closed channel would return them. Thread-safe.
 */
final class InJvmHostLink implements MailboxSender {
  private final MailboxSender host;
  private final MailboxSender returns;
  private final int returnTtl;
  private volatile boolean closed;

  /**
   * A link posting into {@code host} (the host's forwarder) that, once closed, returns envelopes
   * through {@code returns} (the proc) with a fresh {@code returnTtl}.
   */
  InJvmHostLink(MailboxSender host, MailboxSender returns, int returnTtl) {
    this.host = host;
    this.returns = returns;
    this.returnTtl = returnTtl;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    if (closed) {
      Undeliverables.returnToSender(
          returns,
          envelope,
          new DeliveryError(
              DeliveryError.Kind.BROKEN_LINK,
              "failed to deliver message to "
                  + envelope.dest()
                  + ": the proc's link to its host is closed"),
          returnTtl);
      return;
    }
    host.post(envelope);
  }

  /**
   * Returns at once. Flushing the host's forwarder instead would wait for every proc's traffic on
   * the host's links, a dead peer's included, where this proc's envelopes are already with the host.
   */
  @Override
  public void flush(Duration timeout) {}

  /** Stops posting into the host; later envelopes go back to their senders. */
  void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InJvmHostLink{" + host + "}";
  }
}
