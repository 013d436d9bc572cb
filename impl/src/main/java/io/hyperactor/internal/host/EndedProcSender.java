package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.host.ProcStatus;

/**
 * The route of a hosted proc that has ended: every envelope goes straight back to its sender,
 * naming the proc's terminal status, instead of waiting out a delivery timeout on a dead link.
 */
final class EndedProcSender implements MailboxSender {
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
    Undeliverables.returnToSender(
        returnPath,
        envelope,
        new DeliveryError(
            DeliveryError.Kind.BROKEN_LINK,
            "proc " + envelope.dest().actorId().procId() + " has ended: " + status),
        ttl);
  }
}
