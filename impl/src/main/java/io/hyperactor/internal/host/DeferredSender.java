package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A sender that posts into a target set after construction: a proc's forwarder must exist before
 * the proc, yet returns undeliverable envelopes through that proc.
 */
final class DeferredSender implements MailboxSender {
  private final AtomicReference<@Nullable MailboxSender> target = new AtomicReference<>();

  void set(MailboxSender sender) {
    checkState(target.compareAndSet(null, sender), "the deferred sender is already set");
  }

  @Override
  public void post(MessageEnvelope envelope) {
    MailboxSender sender = target.get();
    checkState(sender != null, "cannot post %s: the proc is not built yet", envelope);
    sender.post(envelope);
  }
}
