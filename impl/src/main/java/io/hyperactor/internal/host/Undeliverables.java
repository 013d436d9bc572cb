package io.hyperactor.internal.host;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.Unreturned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Returning envelopes that cannot be delivered to their senders. */
final class Undeliverables {
  private static final Logger log = LoggerFactory.getLogger(Undeliverables.class);

  private Undeliverables() {}

  /**
   * Posts {@code envelope}, wrapped as {@link Undeliverable}, to its sender's undeliverable port
   * through {@code via} with a fresh {@code ttl}; an envelope that must not be returned is dropped
   * ({@link Unreturned}).
   */
  static void returnToSender(
      MailboxSender via, MessageEnvelope envelope, DeliveryError error, int ttl) {
    if (!envelope.returnUndeliverable()) {
      Unreturned.drop(log, envelope, error);
      return;
    }
    via.post(
        new MessageEnvelope(
            envelope.dest().actorId(),
            envelope.sender().portId(PortId.UNDELIVERABLE_INDEX),
            ImmutableMap.of(),
            new Undeliverable(envelope, error),
            SeqInfo.DIRECT,
            ttl,
            false));
  }
}
