package io.hyperactor.internal.mailbox;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.PortId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hop policy and the undeliverable return path shared by the mailbox senders. */
final class Returns {
  private static final Logger log = LoggerFactory.getLogger(Returns.class);

  private Returns() {}

  /**
   * Applies one forwarding hop: an envelope with no TTL left goes back to its sender as {@code
   * ttl expired}; otherwise the envelope with one hop fewer is returned for forwarding.
   */
  static @Nullable MessageEnvelope hop(MessageEnvelope envelope, MailboxSender returnPath) {
    if (envelope.ttl() == 0) {
      undeliverable(
          returnPath,
          envelope,
          new DeliveryError(
              DeliveryError.Kind.TTL_EXPIRED,
              "ttl expired: message to " + envelope.dest() + " was forwarded too many times"));
      return null;
    }
    return envelope.decrementTtl();
  }

  /**
   * Sends {@code envelope} back to its sender's undeliverable port through {@code returnPath}, or
   * logs it when the envelope asks not to be returned (a return that failed in turn).
   */
  static void undeliverable(
      MailboxSender returnPath, MessageEnvelope envelope, DeliveryError error) {
    if (!envelope.returnUndeliverable()) {
      Unreturned.drop(log, envelope, error);
      return;
    }
    log.debug("returning undeliverable message {}: {}", envelope, error);
    returnPath.post(
        new MessageEnvelope(
            envelope.dest().actorId(),
            envelope.sender().portId(PortId.UNDELIVERABLE_INDEX),
            ImmutableMap.of(),
            new Undeliverable(envelope, error),
            SeqInfo.DIRECT,
            Undeliverable.RETURN_TTL,
            false));
  }
}
