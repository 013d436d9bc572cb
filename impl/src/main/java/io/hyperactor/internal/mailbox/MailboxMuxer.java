package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.id.ActorId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes envelopes by exact destination actor id to the sender bound for it.
 *
 * <p>Each post is one forwarding hop. A destination with no binding goes back to its sender as
 * {@code Unroutable("no mailbox for actor … registered in muxer")}, returned through this muxer.
 * Thread-safe.
 */
public final class MailboxMuxer implements MailboxSender {
  private final ConcurrentHashMap<ActorId, MailboxSender> senders = new ConcurrentHashMap<>();

  /** Binds {@code actor} to {@code sender}; false when the actor is already bound. */
  public boolean bind(ActorId actor, MailboxSender sender) {
    checkNotNull(actor, "actor");
    checkNotNull(sender, "sender");
    return senders.putIfAbsent(actor, sender) == null;
  }

  /** Removes the binding of {@code actor}, if any. */
  public void unbind(ActorId actor) {
    senders.remove(checkNotNull(actor, "actor"));
  }

  @Override
  public void post(MessageEnvelope envelope) {
    MessageEnvelope next = Returns.hop(envelope, this);
    if (next == null) {
      return;
    }
    MailboxSender sender = senders.get(next.dest().actorId());
    if (sender == null) {
      Returns.undeliverable(
          this,
          next,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE,
              "no mailbox for actor " + next.dest().actorId() + " registered in muxer"));
      return;
    }
    sender.post(next);
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (MailboxSender sender : senders.values()) {
      sender.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  @Override
  public String toString() {
    return "MailboxMuxer" + senders.keySet();
  }
}
