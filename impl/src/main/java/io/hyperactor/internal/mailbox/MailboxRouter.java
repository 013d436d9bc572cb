package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Routes envelopes by prefix: a sender bound for the destination actor wins over one bound for its
 * proc.
 *
 * <p>This is a true longest-prefix match over the two levels an address has. Upstream takes the
 * nearest predecessor key in sort order, which lets a bound sibling actor hide its proc's route; we
 * do not reproduce that. A miss goes back to the sender as {@code Unroutable("no destination found
 * for actor … in routing table")}, returned through this router. Thread-safe.
 */
public final class MailboxRouter implements MailboxSender {
  private final ConcurrentHashMap<Object, MailboxSender> routes = new ConcurrentHashMap<>();

  /** Routes every actor of {@code proc} to {@code sender}, replacing an earlier route. */
  public void bind(ProcId proc, MailboxSender sender) {
    routes.put(checkNotNull(proc, "proc"), checkNotNull(sender, "sender"));
  }

  /** Routes {@code actor} to {@code sender}, replacing an earlier route. */
  public void bind(ActorId actor, MailboxSender sender) {
    routes.put(checkNotNull(actor, "actor"), checkNotNull(sender, "sender"));
  }

  /** Removes the route of exactly {@code proc}. */
  public void unbind(ProcId proc) {
    routes.remove(checkNotNull(proc, "proc"));
  }

  /** Removes the route of exactly {@code actor}. */
  public void unbind(ActorId actor) {
    routes.remove(checkNotNull(actor, "actor"));
  }

  /** The sender for {@code actor}: its own route, else its proc's, else none. */
  @Nullable MailboxSender lookup(ActorId actor) {
    MailboxSender sender = routes.get(actor);
    return sender != null ? sender : routes.get(actor.procId());
  }

  @Override
  public void post(MessageEnvelope envelope) {
    MessageEnvelope next = Returns.hop(envelope, this);
    if (next == null) {
      return;
    }
    MailboxSender sender = lookup(next.dest().actorId());
    if (sender == null) {
      Returns.undeliverable(
          this,
          next,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE,
              "no destination found for actor " + next.dest().actorId() + " in routing table"));
      return;
    }
    sender.post(next);
  }

  /**
   * This router with a fallback: destinations with no route go to {@code fallback} instead of back
   * to their sender.
   */
  public MailboxSender fallback(MailboxSender fallback) {
    checkNotNull(fallback, "fallback");
    MailboxRouter router = this;
    return new MailboxSender() {
      @Override
      public void post(MessageEnvelope envelope) {
        MailboxSender sender = router.lookup(envelope.dest().actorId());
        (sender != null ? router : fallback).post(envelope);
      }

      @Override
      public void flush(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        router.flush(timeout);
        fallback.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }

      @Override
      public String toString() {
        return router + ".fallback(" + fallback + ")";
      }
    };
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (MailboxSender sender : routes.values()) {
      sender.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  @Override
  public String toString() {
    return "MailboxRouter" + routes.keySet();
  }
}
