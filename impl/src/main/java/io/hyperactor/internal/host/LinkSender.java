package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.Tx;
import io.hyperactor.internal.mailbox.SkipNotice;

/**
 * Posts envelopes on the duplex link of an attached proc; envelopes the link gives back are
 * returned to their senders through {@code returnPath}, each after a {@link SkipNotice} in its
 * place.
 */
final class LinkSender implements MailboxSender {
  private final Tx<AttachMessage> tx;
  private final MailboxSender returnPath;
  private final int ttl;

  LinkSender(Tx<AttachMessage> tx, MailboxSender returnPath, int ttl) {
    this.tx = tx;
    this.returnPath = returnPath;
    this.ttl = ttl;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    if (envelope.ttl() == 0) {
      Undeliverables.returnToSender(
          returnPath,
          envelope,
          new DeliveryError(
              DeliveryError.Kind.TTL_EXPIRED,
              "ttl expired: message to " + envelope.dest() + " was forwarded too many times"),
          ttl);
      return;
    }
    tx.post(
        new AttachMessage.Envelope(envelope.decrementTtl()),
        error -> {
          if (error.message() instanceof AttachMessage.Envelope returned) {
            // In the returned message's place, so that its destination does not hold the
            // sender's later messages waiting for it.
            SkipNotice.sendInPlaceOf(returned.envelope(), error.reason(), returnPath);
            Undeliverables.returnToSender(
                returnPath,
                returned.envelope(),
                new DeliveryError(
                    DeliveryError.Kind.BROKEN_LINK,
                    "attach link to " + tx.addr() + " failed: " + error.reason()),
                ttl);
          }
        });
  }
}
