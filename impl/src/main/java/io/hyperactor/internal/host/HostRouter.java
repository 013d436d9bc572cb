package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.id.ProcId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Routes envelopes by destination proc: to the host's own procs, to each hosted proc's served
 * address, or to a default sender; anything else goes back to its sender as undeliverable.
 *
 * <p>The same router serves the backend, the frontend and the built-in procs' forwarders. Built-in
 * procs are bound as themselves: a proc delivers envelopes for its own id to its mailboxes and
 * hands only the others to its forwarder, so no cycle arises.
 */
final class HostRouter implements MailboxSender {
  private final ConcurrentHashMap<ProcId, MailboxSender> routes = new ConcurrentHashMap<>();
  private final @Nullable MailboxSender fallback;

  HostRouter(@Nullable MailboxSender fallback) {
    this.fallback = fallback;
  }

  void bind(ProcId procId, MailboxSender sender) {
    routes.put(procId, sender);
  }

  Optional<MailboxSender> unbind(ProcId procId) {
    return Optional.ofNullable(routes.remove(procId));
  }

  boolean isBound(ProcId procId) {
    return routes.containsKey(procId);
  }

  @Override
  public void post(MessageEnvelope envelope) {
    ProcId dest = envelope.dest().actorId().procId();
    MailboxSender route = routes.get(dest);
    if (route != null) {
      route.post(envelope);
    } else if (fallback != null) {
      fallback.post(envelope);
    } else {
      Undeliverables.returnToSender(
          this,
          envelope,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE, "no route to proc " + dest + " on this host"));
    }
  }
}
