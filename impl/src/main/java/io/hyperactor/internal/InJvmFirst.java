package io.hyperactor.internal;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import java.time.Duration;

/**
 * A proc's forwarder that hands a message for another proc of the same actor system straight to
 * that proc, in this JVM, and everything else to {@code network}.
 *
 * <p>The procs an application makes from one actor system reach each other whatever their
 * addresses (a proc that only lives in this JVM has no address another proc could dial), without
 * encoding and without a socket. Thread-safe.
 */
final class InJvmFirst implements MailboxSender {
  private final RuntimeServices services;
  final MailboxSender network;

  InJvmFirst(RuntimeServices services, MailboxSender network) {
    this.services = services;
    this.network = network;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    Proc local = services.inJvmProc(envelope.dest().actorId().procId());
    if (local != null) {
      local.post(envelope);
    } else {
      network.post(envelope);
    }
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    network.flush(timeout);
  }
}
