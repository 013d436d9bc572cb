package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.mailbox.DialMailboxRouter;
import java.time.Duration;

/**
 * A host's route past its own procs: an envelope for a proc named on the host's frontend address
 * that the host does not route (it was removed when the host stopped its procs, or never spawned)
 * goes straight back to its sender; any other envelope is dialled. Dialling it would send it to the
 * host's own frontend, whose router would hand it here again, round and round until its TTL ran
 * out.
 */
final class UnhostedProcSender implements MailboxSender {
  private final ChannelAddr frontend;
  private final DialMailboxRouter dial;
  private final MailboxSender returnPath;
  private final int ttl;

  /**
   * Routes past {@code frontend} through {@code dial}; returns through {@code returnPath}, each
   * return with a fresh {@code ttl}.
   */
  UnhostedProcSender(
      ChannelAddr frontend, DialMailboxRouter dial, MailboxSender returnPath, int ttl) {
    this.frontend = frontend;
    this.dial = dial;
    this.returnPath = returnPath;
    this.ttl = ttl;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    ActorId dest = envelope.dest().actorId();
    if (!dial.lookupAddr(dest).equals(frontend)) {
      dial.post(envelope);
      return;
    }
    Undeliverables.returnToSender(
        returnPath,
        envelope,
        new DeliveryError(
            DeliveryError.Kind.UNROUTABLE,
            "host "
                + frontend
                + " runs no proc named '"
                + dest.procId().name()
                + "': it was stopped, or never spawned there"),
        ttl);
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    dial.flush(timeout);
  }
}
