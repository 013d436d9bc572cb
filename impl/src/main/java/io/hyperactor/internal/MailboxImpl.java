package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
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
import java.util.UUID;
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
 * actor. The mailbox's own state and code stay here; a mailbox made on its own serves tests. For
 * the same reason the mailbox is its owner's {@link Sequencer}, which numbers the owner's outgoing
 * messages under {@code session}: the sequencer's state and code stay in their own classes.
 */
class MailboxImpl extends Sequencer implements Mailbox {
  private static final Logger log = LoggerFactory.getLogger(MailboxImpl.class);
  private static final int WELL_KNOWN_PORTS = 4;
  // What a slot of `bound` holds: two bits for each well-known port (slots 0 to 3) and the first
  // dynamic port (slot 4).
  private static final int UNBOUND = 0;
  private static final int OWNER = 1;
  private static final int SELF = 2;
  private static final int OTHER = 3;
  private static final int FIRST_DYNAMIC_SLOT = WELL_KNOWN_PORTS;
  private static final VarHandle NEXT_INDEX;

  static {
    try {
      NEXT_INDEX =
          MethodHandles.lookup().findVarHandle(MailboxImpl.class, "nextIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ActorId actorId;
  private final ProcImpl proc;
  // The well-known ports and the first dynamic port (a managed actor's supervision port), two
  // bits each: unbound, bound to the owner's sink (ownerSink(), a managed actor's instance, which
  // serves four of them), to this mailbox (the introspection port), or to another sink, kept in
  // `others` with every further dynamic port. Five references here would be 20 bytes per actor
  // that repeat one or two objects; `others` is made when the first such sink binds (a client's
  // ports, an actor's extra ports). The bits above the slots are the owner's flags (see
  // setFlags). Written under this mailbox's lock (binding is rare), read without one.
  private volatile int bound;
  private volatile @Nullable ConcurrentHashMap<Long, PortSink> others;
  private volatile long nextIndex = PortId.FIRST_DYNAMIC_INDEX;
  private volatile @Nullable ActorStatus closed;

  MailboxImpl(ActorId actorId, ProcImpl proc, UUID session) {
    super(session);
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

  /**
   * The sink that serves most of the owner's well-known ports, kept by the owner; a port bound to
   * it costs this mailbox two bits. None for a mailbox on its own.
   */
  @Nullable PortSink ownerSink() {
    return null;
  }

  /**
   * The lowest bit of {@code bound} free for the owner's flags: a cell's few booleans share the
   * ports' word, since a field of their own would cost 8 bytes per actor.
   */
  static final int FIRST_FLAG = 1 << (2 * (FIRST_DYNAMIC_SLOT + 1));

  /** Sets the owner's flags {@code bits}, under this mailbox's lock as every write of the word. */
  final synchronized void setFlags(int bits) {
    checkArgument(bits >= FIRST_FLAG && bits % FIRST_FLAG == 0, "not flag bits: %s", bits);
    bound |= bits;
  }

  /** Whether all of the owner's flags {@code bits} are set. */
  final boolean hasFlags(int bits) {
    return (bound & bits) == bits;
  }

  /** The slot of port {@code index} in {@code bound}, or -1 for a port kept in the map only. */
  private static int slot(long index) {
    if (index >= 0 && index < WELL_KNOWN_PORTS) {
      return (int) index;
    }
    return index == PortId.FIRST_DYNAMIC_INDEX ? FIRST_DYNAMIC_SLOT : -1;
  }

  private static int kind(int bound, int slot) {
    return (bound >>> (2 * slot)) & 3;
  }

  synchronized void bind(long index, PortSink sink) {
    checkNotNull(sink, "sink");
    int slot = slot(index);
    int b = bound;
    boolean taken = slot >= 0 ? kind(b, slot) != UNBOUND : others(index) != null;
    checkState(!taken, "port %s of %s is already bound", index, actorId);
    int kind = OTHER;
    if (slot >= 0 && sink == this) {
      kind = SELF;
    } else if (slot >= 0 && sink == ownerSink()) {
      kind = OWNER;
    } else {
      ConcurrentHashMap<Long, PortSink> o = others;
      if (o == null) {
        o = new ConcurrentHashMap<>(4);
        others = o;
      }
      // Before the slot says OTHER, so a reader that sees it finds the sink.
      o.put(index, sink);
    }
    if (slot >= 0) {
      bound = b | (kind << (2 * slot));
    }
  }

  synchronized void unbind(long index) {
    int slot = slot(index);
    if (slot >= 0) {
      bound = bound & ~(3 << (2 * slot));
    }
    ConcurrentHashMap<Long, PortSink> o = others;
    if (o != null) {
      o.remove(index);
    }
  }

  private @Nullable PortSink others(long index) {
    ConcurrentHashMap<Long, PortSink> o = others;
    return o == null ? null : o.get(index);
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
    int slot = slot(index);
    if (slot < 0) {
      return others(index);
    }
    return switch (kind(bound, slot)) {
      case UNBOUND -> null;
      case OWNER -> ownerSink();
      // Only a mailbox that is itself a sink (the cell, for introspection) is bound to itself.
      case SELF -> (PortSink) this;
      default -> others(index);
    };
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
    postToOwner(envelope);
  }

  /**
   * {@link #post} of an envelope whose destination actor is known to be this mailbox's owner: the
   * proc found the mailbox by that id, and comparing the ids again would walk a received id's
   * channel address.
   */
  void postToOwner(MessageEnvelope envelope) {
    PortId dest = envelope.dest();
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
