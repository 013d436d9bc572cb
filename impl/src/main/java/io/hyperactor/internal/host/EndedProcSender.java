package io.hyperactor.internal.host;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.PortId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route of a hosted proc that has ended: every envelope goes straight back to its sender,
 * naming the proc's terminal status, instead of waiting out a delivery timeout on a dead link.
 */
final class EndedProcSender implements MailboxSender {
  private static final Logger log = LoggerFactory.getLogger(EndedProcSender.class);

  private final ProcStatus status;
  private final MailboxSender returnPath;
  private final int ttl;

  /** Returns through {@code returnPath}, each return with a fresh {@code ttl}. */
  EndedProcSender(ProcStatus status, MailboxSender returnPath, int ttl) {
    this.status = status;
    this.returnPath = returnPath;
    this.ttl = ttl;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    DeliveryError error =
        new DeliveryError(
            DeliveryError.Kind.BROKEN_LINK,
            "proc " + envelope.dest().actorId().procId() + " has ended: " + status);
    if (!envelope.returnUndeliverable()) {
      log.error("undeliverable message {} could not be returned: {}", envelope, error);
      return;
    }
    returnPath.post(
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
