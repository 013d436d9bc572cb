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
import io.hyperactor.internal.mailbox.SkipNotice;
import io.hyperactor.supervision.ActorStatus;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports of one instance, by index, and the closed flag set when the owner terminates.
 *
 * <p>{@link #post} delivers envelopes addressed to this mailbox's own actor; an envelope for
 * another actor is returned to its sender ({@code Mailbox("mailbox owner X cannot deliver to
 * Y")}), as upstream does. Thread-safe.
 *
 * <p>An actor's mailbox is its {@link InstanceCell}, which extends this class: every actor has
 * both, one for one, and two objects would cost a header and the references between them per
 * actor. The mailbox's own state and code stay here; a mailbox made on its own serves tests.
 */
class MailboxImpl implements Mailbox {
  private static final Logger log = LoggerFactory.getLogger(MailboxImpl.class);
  private static final int WELL_KNOWN_PORTS = 4;
  private static final VarHandle PORT0;
  private static final VarHandle PORT1;
  private static final VarHandle PORT2;
  private static final VarHandle PORT3;
  private static final VarHandle NEXT_INDEX;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PORT0 = l.findVarHandle(MailboxImpl.class, "port0", PortSink.class);
      PORT1 = l.findVarHandle(MailboxImpl.class, "port1", PortSink.class);
      PORT2 = l.findVarHandle(MailboxImpl.class, "port2", PortSink.class);
      PORT3 = l.findVarHandle(MailboxImpl.class, "port3", PortSink.class);
      NEXT_INDEX = l.findVarHandle(MailboxImpl.class, "nextIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ActorId actorId;
  private final ProcImpl proc;
  // The well-known ports (indices 0 to 3) and the first dynamic index (a managed actor's
  // supervision port) in fields of their own: most actors bind no other port, and an array or a
  // map here would be per-actor memory. Further dynamic ports go to a map made when the first of
  // them binds.
  private volatile @Nullable PortSink port0;
  private volatile @Nullable PortSink port1;
  private volatile @Nullable PortSink port2;
  private volatile @Nullable PortSink port3;
  private volatile @Nullable PortSink firstDynamic;
  // Guarded by this for writes (binding is rare); read without a lock.
  private volatile @Nullable ConcurrentHashMap<Long, PortSink> dynamic;
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

  /** The field of well-known port {@code index}, or null for a dynamic port. */
  private static @Nullable VarHandle wellKnown(long index) {
    if (index < 0 || index >= WELL_KNOWN_PORTS) {
      return null;
    }
    return switch ((int) index) {
      case 0 -> PORT0;
      case 1 -> PORT1;
      case 2 -> PORT2;
      default -> PORT3;
    };
  }

  void bind(long index, PortSink sink) {
    checkNotNull(sink, "sink");
    VarHandle port = wellKnown(index);
    PortSink previous =
        port != null
            ? (PortSink) port.compareAndExchange(this, (PortSink) null, sink)
            : bindDynamic(index, sink);
    checkState(previous == null, "port %s of %s is already bound", index, actorId);
  }

  private synchronized @Nullable PortSink bindDynamic(long index, PortSink sink) {
    if (index == PortId.FIRST_DYNAMIC_INDEX) {
      PortSink existing = firstDynamic;
      if (existing == null) {
        firstDynamic = sink;
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
    VarHandle port = wellKnown(index);
    if (port != null) {
      port.setVolatile(this, (PortSink) null);
    } else {
      unbindDynamic(index);
    }
  }

  private synchronized void unbindDynamic(long index) {
    if (index == PortId.FIRST_DYNAMIC_INDEX) {
      firstDynamic = null;
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
    Telemetry telemetry = proc.telemetry();
    if (telemetry.tracingOn()) {
      headers = telemetry.inject(headers);
    }
    sink.deliver(port.index(), message, headers, seq, sender);
  }

  @Nullable PortSink sink(long index) {
    VarHandle port = wellKnown(index);
    if (port != null) {
      return (PortSink) port.getVolatile(this);
    }
    if (index == PortId.FIRST_DYNAMIC_INDEX) {
      return firstDynamic;
    }
    ConcurrentHashMap<Long, PortSink> d = dynamic;
    return d == null ? null : d.get(index);
  }

  @Override
  public void post(MessageEnvelope envelope) {
    PortId dest = envelope.dest();
    if (!dest.actorId().equals(actorId)) {
      refuse(
          envelope,
          new DeliveryError(
              DeliveryError.Kind.MAILBOX,
              "mailbox owner " + actorId + " cannot deliver to " + dest));
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
    if (envelope.payload() instanceof SkipNotice && !sink.ordered(dest.index())) {
      // Only a reordering port has a sequence to fill; elsewhere the notice means nothing.
      log.debug(
          "{}: ignoring a skip notice from {} for unordered port {}",
          actorId,
          envelope.sender(),
          dest);
      return;
    }
    try {
      // The envelope keeps its headers as an ImmutableMap, which copyOf returns as is.
      sink.deliver(
          dest.index(),
          envelope.payload(),
          ImmutableMap.copyOf(envelope.headers()),
          envelope.seqInfo(),
          envelope.sender());
    } catch (MailboxSenderException e) {
      DeliveryError error = new DeliveryError(kindOf(e.kind()), String.valueOf(e.getMessage()));
      if (e.kind() == MailboxSenderException.Kind.WRONG_TYPE
          || e.kind() == MailboxSenderException.Kind.REJECTED) {
        refuse(envelope, error);
      } else {
        proc.returnUndeliverable(envelope, error);
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      refuse(
          envelope, new DeliveryError(DeliveryError.Kind.UNROUTABLE, String.valueOf(e.getMessage())));
    }
  }

  private static DeliveryError.Kind kindOf(MailboxSenderException.Kind kind) {
    return switch (kind) {
      case OWNER_TERMINATED -> DeliveryError.Kind.MAILBOX;
      case WRONG_TYPE -> DeliveryError.Kind.WRONG_TYPE;
      case REJECTED -> DeliveryError.Kind.REFUSED;
      case PORT_CLOSED -> DeliveryError.Kind.UNROUTABLE;
    };
  }

  /**
   * Returns an envelope this mailbox will not act on, logging it once with its sender: a peer that
   * sends such messages is misbehaving or confused, and its owner should be able to find it.
   */
  private void refuse(MessageEnvelope envelope, DeliveryError error) {
    log.warn(
        "{}: refusing a {} from {}: {}",
        actorId,
        envelope.payload().getClass().getName(),
        envelope.sender(),
        error);
    proc.returnUndeliverable(envelope, error);
  }

  @Override
  public String toString() {
    return "Mailbox{" + actorId + "}";
  }
}
