package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.DeliveryError;
import io.hyperactor.Mailbox;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.supervision.ActorStatus;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The ports of one instance, by index, and the closed flag set when the owner terminates.
 *
 * <p>Envelopes for other actors are handed to the proc, so a mailbox can be used as any sender's
 * {@link io.hyperactor.MailboxSender}. Thread-safe.
 */
final class MailboxImpl implements Mailbox {
  private final ActorId actorId;
  private final ProcImpl proc;
  private final ConcurrentHashMap<Long, PortSink> ports = new ConcurrentHashMap<>();
  private final AtomicLong nextIndex = new AtomicLong(PortId.FIRST_DYNAMIC_INDEX);
  private volatile @Nullable ActorStatus closed;

  MailboxImpl(ActorId actorId, ProcImpl proc) {
    this.actorId = actorId;
    this.proc = proc;
  }

  @Override
  public ActorId actorId() {
    return actorId;
  }

  ProcImpl proc() {
    return proc;
  }

  long allocateIndex() {
    return nextIndex.getAndIncrement();
  }

  void bind(long index, PortSink sink) {
    PortSink previous = ports.putIfAbsent(index, checkNotNull(sink, "sink"));
    checkState(previous == null, "port %s of %s is already bound", index, actorId);
  }

  void unbind(long index) {
    ports.remove(index);
  }

  /** Closes the mailbox with the owner's terminal status; returns false if already closed. */
  synchronized boolean closeIfOpen(ActorStatus status) {
    if (closed != null) {
      return false;
    }
    closed = status;
    return true;
  }

  @Override
  public Optional<ActorStatus> closedStatus() {
    return Optional.ofNullable(closed);
  }

  boolean isClosed() {
    return closed != null;
  }

  MailboxSenderException ownerTerminated(PortId port, ActorStatus status) {
    return new MailboxSenderException(
        port,
        MailboxSenderException.Kind.OWNER_TERMINATED,
        status,
        "cannot send to "
            + port
            + ": mailbox owner "
            + actorId
            + " terminated with status '"
            + status
            + "'");
  }

  /** A send through a local handle: fails fast, naming the owner's status, once closed. */
  void deliverLocal(
      PortId port,
      PortSink sink,
      Object message,
      ImmutableMap<String, String> headers,
      SeqInfo seq,
      @Nullable Object sender) {
    ActorStatus c = closed;
    if (c != null) {
      throw ownerTerminated(port, c);
    }
    sink.deliver(message, headers, seq, sender);
  }

  @Nullable PortSink sink(long index) {
    return ports.get(index);
  }

  @Override
  public void post(MessageEnvelope envelope) {
    PortId dest = envelope.dest();
    if (!dest.actorId().equals(actorId)) {
      proc.post(envelope);
      return;
    }
    ActorStatus c = closed;
    if (c != null) {
      proc.returnUndeliverable(
          envelope,
          new DeliveryError(
              DeliveryError.Kind.MAILBOX, "mailbox owner " + actorId + " is " + c));
      return;
    }
    PortSink sink = ports.get(dest.index());
    if (sink == null) {
      proc.returnUndeliverable(
          envelope,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE, "port not bound in mailbox " + actorId + ": " + dest));
      return;
    }
    try {
      sink.deliver(envelope.payload(), envelope.headers(), envelope.seqInfo(), envelope.sender());
    } catch (MailboxSenderException | IllegalArgumentException | ClassCastException e) {
      DeliveryError.Kind kind =
          e instanceof MailboxSenderException m
                  && m.kind() == MailboxSenderException.Kind.OWNER_TERMINATED
              ? DeliveryError.Kind.MAILBOX
              : DeliveryError.Kind.UNROUTABLE;
      proc.returnUndeliverable(envelope, new DeliveryError(kind, String.valueOf(e.getMessage())));
    }
  }

  @Override
  public String toString() {
    return "Mailbox{" + actorId + "}";
  }
}
