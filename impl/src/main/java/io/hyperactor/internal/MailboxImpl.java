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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
  private static final int WELL_KNOWN_PORTS = 4;
  private static final VarHandle NEXT_INDEX;
  private static final VarHandle WELL_KNOWN;

  static {
    try {
      NEXT_INDEX = MethodHandles.lookup().findVarHandle(MailboxImpl.class, "nextIndex", long.class);
      WELL_KNOWN = MethodHandles.arrayElementVarHandle(PortSink[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Well-known ports by index in a small array. The first dynamic port (a managed actor's
  // supervision port) sits in a slot, and further ones go to a map made when the second binds:
  // most actors have no other dynamic port, and this is per-actor memory.
  private final PortSink[] wellKnown = new PortSink[WELL_KNOWN_PORTS];
  private volatile @Nullable Solo solo;
  // Guarded by this for writes (binding is rare); read without a lock.
  private volatile @Nullable ConcurrentHashMap<Long, PortSink> dynamic;

  /** A dynamic port held outside the map. */
  private record Solo(long index, PortSink sink) {}
  private volatile long nextIndex = PortId.FIRST_DYNAMIC_INDEX;
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
    return (long) NEXT_INDEX.getAndAdd(this, 1L);
  }

  void bind(long index, PortSink sink) {
    checkNotNull(sink, "sink");
    PortSink previous;
    if (index >= 0 && index < WELL_KNOWN_PORTS) {
      previous = (PortSink) WELL_KNOWN.compareAndExchange(wellKnown, (int) index, null, sink);
    } else {
      previous = bindDynamic(index, sink);
    }
    checkState(previous == null, "port %s of %s is already bound", index, actorId);
  }

  private synchronized @Nullable PortSink bindDynamic(long index, PortSink sink) {
    Solo s = solo;
    if (s != null && s.index() == index) {
      return s.sink();
    }
    if (s == null) {
      ConcurrentHashMap<Long, PortSink> d = dynamic;
      PortSink existing = d == null ? null : d.get(index);
      if (existing == null) {
        solo = new Solo(index, sink);
      }
      return existing;
    }
    ConcurrentHashMap<Long, PortSink> d = dynamic;
    if (d == null) {
      d = new ConcurrentHashMap<>(4);
      dynamic = d;
    }
    return d.putIfAbsent(index, sink);
  }

  void unbind(long index) {
    if (index >= 0 && index < WELL_KNOWN_PORTS) {
      WELL_KNOWN.setVolatile(wellKnown, (int) index, null);
    } else {
      unbindDynamic(index);
    }
  }

  private synchronized void unbindDynamic(long index) {
    Solo s = solo;
    if (s != null && s.index() == index) {
      solo = null;
      return;
    }
    ConcurrentHashMap<Long, PortSink> d = dynamic;
    if (d != null) {
      d.remove(index);
    }
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
    if (index >= 0 && index < WELL_KNOWN_PORTS) {
      return (PortSink) WELL_KNOWN.getVolatile(wellKnown, (int) index);
    }
    Solo s = solo;
    if (s != null && s.index() == index) {
      return s.sink();
    }
    ConcurrentHashMap<Long, PortSink> d = dynamic;
    return d == null ? null : d.get(index);
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
    PortSink sink = sink(dest.index());
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
