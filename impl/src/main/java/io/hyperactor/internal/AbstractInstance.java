package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.AccumPortReceiver;
import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.ActorLocalStorage;
import io.hyperactor.AskTimeoutException;
import io.hyperactor.Cancellable;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.IntrospectResult;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Signal;
import io.hyperactor.SplitPortOptions;
import io.hyperactor.Undeliverable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.SkipNotice;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.supervision.ActorStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What managed actors and client instances share: identity, cell and mailbox, inboxes, locals. */
abstract class AbstractInstance<M> extends ActorQueue implements Instance<M> {
  private static final Logger log = LoggerFactory.getLogger(AbstractInstance.class);

  final InstanceCell cell;
  // Made on first use: most actors keep no locals, timers or MDC entries of their own.
  private volatile @Nullable InstanceExtras extras;

  private static final VarHandle EXTRAS;

  static {
    try {
      EXTRAS =
          MethodHandles.lookup()
              .findVarHandle(AbstractInstance.class, "extras", InstanceExtras.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  AbstractInstance(
      ProcImpl proc,
      ActorId id,
      String typeName,
      Class<?> actorClass,
      @Nullable InstanceCell parent) {
    this.cell = new InstanceCell(typeName, actorClass, id, proc, SessionIds.next(), parent);
  }

  /**
   * Binds the introspection port, answered on the querying thread, never the actor's. The cell is
   * the port's sink ({@link InstanceCell#deliver}).
   */
  final void bindIntrospection() {
    cell.setIntrospectable();
    cell.bind(PortId.INTROSPECT_INDEX, cell);
  }

  /**
   * The header that marks an ask's request with the index of its reply port, so that a request
   * that comes back undeliverable fails the ask instead of the asking actor.
   */
  static final String ASK_REPLY_PORT_HEADER = "hyperactor.ask.reply_port";

  static void post(ProcImpl proc, ActorId from, Sequencer seq, PortId dest, Object msg) {
    post(proc, from, seq, dest, msg, true);
  }

  static void post(
      ProcImpl proc,
      ActorId from,
      Sequencer seq,
      PortId dest,
      Object msg,
      boolean returnUndeliverable) {
    proc.post(
        new MessageEnvelope(
            from,
            dest,
            ImmutableMap.of(),
            msg,
            sequenceFor(seq, dest),
            proc.defaultTtl(),
            returnUndeliverable));
  }

  /**
   * The sequence information of a message to {@code dest}. The signal, introspection and
   * undeliverable ports are never reordered, so a message to one of them is not numbered: a number
   * from the actor's shared sequence would leave a gap that holds back the sender's later messages
   * at the actor's handler port.
   */
  private static SeqInfo sequenceFor(Sequencer seq, PortId dest) {
    long index = dest.index();
    return index == PortId.HANDLER_INDEX || index >= PortId.FIRST_DYNAMIC_INDEX
        ? seq.assign(dest)
        : SeqInfo.DIRECT;
  }

  /**
   * Learns from a message of this instance's that came back undeliverable. A numbered one leaves a
   * gap in its destination's sequence, which holds back this instance's later messages there
   * until it fills. A link that returns a message ({@code TIMEOUT}, {@code BROKEN_LINK}) fills it
   * with a {@link SkipNotice}; for every other return, and for a notice that came back itself, the
   * destination's sequence starts a new epoch ({@link Sequencer#returned}), which the destination
   * takes as a fresh start. Returns true for a notice, which the runtime sent on this instance's
   * behalf and nobody else needs to see.
   */
  final boolean noteReturned(Undeliverable returned) {
    return noteReturned(selfId(), sequencer(), returned);
  }

  /** {@link #noteReturned(Undeliverable)} for {@code self}, which numbers with {@code seqs}. */
  static boolean noteReturned(ActorId self, Sequencer seqs, Undeliverable returned) {
    MessageEnvelope envelope = returned.envelope();
    boolean notice = envelope.payload() instanceof SkipNotice;
    DeliveryError.Kind kind = returned.error().kind();
    boolean filled =
        !notice && (kind == DeliveryError.Kind.TIMEOUT || kind == DeliveryError.Kind.BROKEN_LINK);
    if (!filled
        && envelope.seqInfo() instanceof SeqInfo.Session seq
        && envelope.sender().equals(self)
        && seqs.returned(envelope.dest(), seq)) {
      log.debug(
          "{}: message seq {} (epoch {}) to {} came back ({}); later messages to it start epoch {}",
          self,
          seq.seq(),
          seq.epoch(),
          envelope.dest(),
          returned.error(),
          seq.epoch() + 1);
    }
    if (notice) {
      log.debug("{}: skip notice to {} came back: {}", self, envelope.dest(), returned.error());
      return true;
    }
    return false;
  }

  /**
   * Replaces a returned envelope that its sender (the owner of {@code mailbox}) marked with {@link
   * CastSupport#RETURN_TRANSLATOR_HEADER} by the returns the named port makes of it, each handed to
   * the owner's undeliverable port as if it had come back itself; returns whether it did. A mark
   * that names no translator of the owner's leaves the return as it is.
   */
  static boolean translateReturn(MailboxImpl mailbox, Undeliverable returned) {
    MessageEnvelope envelope = returned.envelope();
    String header = envelope.headers().get(CastSupport.RETURN_TRANSLATOR_HEADER);
    if (header == null || !envelope.sender().equals(mailbox.actorId())) {
      return false;
    }
    long index;
    try {
      index = Long.parseLong(header);
    } catch (NumberFormatException e) {
      return false;
    }
    if (!(mailbox.sink(index) instanceof ReturnTranslatorPort translator)) {
      return false;
    }
    PortSink undeliverables = mailbox.sink(PortId.UNDELIVERABLE_INDEX);
    for (Undeliverable u : translator.translate(returned)) {
      if (u.envelope().headers().containsKey(CastSupport.RETURN_TRANSLATOR_HEADER)) {
        log.error("{}: dropping a translated return that asks to be translated again: {}", mailbox.actorId(), u);
        continue;
      }
      if (undeliverables == null) {
        log.error("{}: no undeliverable port for the returned message {}", mailbox.actorId(), u);
        continue;
      }
      try {
        undeliverables.deliver(
            PortId.UNDELIVERABLE_INDEX, u, ImmutableMap.of(), SeqInfo.DIRECT, null);
      } catch (RuntimeException e) {
        log.error("{}: could not take back the returned message {}: {}", mailbox.actorId(), u, e.toString());
      }
    }
    return true;
  }

  Sequencer sequencer() {
    return cell.sequencer();
  }

  @Override
  public final ActorId selfId() {
    return cell.actorId();
  }

  @Override
  public final Proc proc() {
    return cell.proc();
  }

  /** The instance's proc; its mailbox keeps it, so the instance does not. */
  final ProcImpl procImpl() {
    return cell.proc();
  }

  @Override
  public final UUID instanceId() {
    return cell.sequencer().session();
  }

  @Override
  public final ActorStatus status() {
    return cell.status();
  }

  @Override
  public final ActorCell cell() {
    return cell;
  }

  @Override
  public final <T> PortReceiver<T> openPort() {
    return openPort(Protocol.ANY);
  }

  @Override
  public final <T> PortReceiver<T> openPort(Class<T> type) {
    return openPort(Protocol.ofType(checkNotNull(type, "type")));
  }

  private <T> PortReceiver<T> openPort(Protocol protocol) {
    PortReceiverImpl<T> r = new PortReceiverImpl<>(cell, cell.allocateIndex(), protocol);
    cell.bind(r.handle().portId().index(), r);
    return r;
  }

  @Override
  public final <T> OncePortReceiver<T> openOncePort() {
    return openOncePort(Protocol.ANY);
  }

  @Override
  public final <T> OncePortReceiver<T> openOncePort(Class<T> type) {
    return openOncePort(Protocol.ofType(checkNotNull(type, "type")));
  }

  private <T> OncePortReceiver<T> openOncePort(Protocol protocol) {
    long index = cell.allocateIndex();
    OncePortReceiverImpl<T> r = new OncePortReceiverImpl<>(cell, index, protocol);
    cell.bind(index, r);
    return r;
  }

  @Override
  public final <S, U> AccumPortReceiver<U, S> openAccumPort(Accumulator<S, U> accumulator) {
    return openAccumPort(accumulator, ReducerMode.streaming());
  }

  @Override
  public final <S, U> AccumPortReceiver<U, S> openAccumPort(
      Accumulator<S, U> accumulator, ReducerMode.Streaming streamingOpts) {
    long index = cell.allocateIndex();
    AccumPortImpl<S, U> port = new AccumPortImpl<>(cell, index, accumulator, streamingOpts);
    cell.bind(index, port);
    return port;
  }

  @Override
  public final <T> OncePortReceiver<T> openReducePort(Accumulator<T, T> accumulator) {
    ReducerSpec reducer =
        accumulator
            .reducerSpec()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot open a reduce port: accumulator "
                            + accumulator
                            + " names no reducer"));
    long index = cell.allocateIndex();
    OncePortReceiverImpl<T> r = new OncePortReceiverImpl<>(cell, index, reducer);
    cell.bind(index, r);
    return r;
  }

  @Override
  public final PortId splitPort(PortId parent, SplitPortOptions options) {
    return SplitPorts.open(cell, parent, options, procImpl().splitPortSettings());
  }

  @Override
  public final void post(PortId dest, Object message) {
    post(dest, message, true);
  }

  @Override
  public final void post(PortId dest, Object message, boolean returnUndeliverable) {
    checkNotNull(dest, "dest");
    checkNotNull(message, "message");
    post(procImpl(), selfId(), cell.sequencer(), dest, message, returnUndeliverable);
  }

  @Override
  public final <Q, R> CompletableFuture<R> ask(
      ActorRef<Q> target, Function<OncePortRef<R>, ? extends Q> request, Duration timeout) {
    checkNotNull(target, "target");
    checkNotNull(request, "request");
    checkNotNull(timeout, "timeout");
    long index = cell.allocateIndex();
    OncePortReceiverImpl<R> reply = new OncePortReceiverImpl<>(cell, index);
    cell.bind(index, reply);
    Q message;
    try {
      message = checkNotNull(request.apply(reply.handle().bind()), "the ask's request is null");
    } catch (RuntimeException e) {
      cell.unbind(index);
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<R> future = reply.future();
    Cancellable timer =
        procImpl().services()
            .scheduler()
            .scheduleOnce(
                timeout, () -> reply.fail(new AskTimeoutException(target.actorId(), timeout)));
    future.whenComplete((value, error) -> timer.cancel());
    PortId dest = target.actorId().portId(PortId.HANDLER_INDEX);
    procImpl().post(
        new MessageEnvelope(
            selfId(),
            dest,
            ImmutableMap.of(ASK_REPLY_PORT_HEADER, Long.toString(index)),
            message,
            cell.sequencer().assign(dest),
            procImpl().defaultTtl(),
            true));
    return future;
  }

  /**
   * Fails the ask whose request {@code returned} is, if the owner of {@code mailbox} sent it;
   * returns whether it was. Static, so that a port sink calling it holds no instance. A request whose ask already ended (timed out) is accounted for too: the asker
   * has its answer, so the return only needs the log.
   */
  static boolean failAsk(MailboxImpl mailbox, Undeliverable returned) {
    MessageEnvelope envelope = returned.envelope();
    String header = envelope.headers().get(ASK_REPLY_PORT_HEADER);
    if (header == null || !envelope.sender().equals(mailbox.actorId())) {
      return false;
    }
    // A cast copy carries its caster's reply header; a comm actor that delivered the copy passes
    // its return on to the caster rather than read the header against its own ports.
    String caster = envelope.headers().get(CastInfo.ORIGINATING_SENDER_HEADER);
    if (caster != null && !caster.equals(mailbox.actorId().toString())) {
      return false;
    }
    long index;
    try {
      index = Long.parseLong(header);
    } catch (NumberFormatException e) {
      return false;
    }
    if (mailbox.sink(index) instanceof OncePortReceiverImpl<?> reply) {
      reply.fail(new UndeliverableMessageException(returned));
    } else {
      log.info(
          "{}: the request of an ask that already ended came back: {}",
          mailbox.actorId(),
          returned.error());
    }
    return true;
  }

  @Override
  public final <C> ActorHandle<C> spawn(Actor<C> actor) {
    return procImpl().spawnChild(cell, actor);
  }

  @Override
  public final <C> ActorHandle<C> spawnWithName(String name, Actor<C> actor) {
    return procImpl().spawnNamedChild(cell, name, actor);
  }

  @Override
  public final ClientInstance child() {
    return procImpl().childInstance(cell);
  }

  @Override
  public void stop(String reason) {
    log.debug("{}: stop requested: {}", selfId(), reason);
    signalOrWarn(new Signal.DrainAndStop(checkNotNull(reason, "reason")));
  }

  @Override
  public void abort(String reason) {
    log.debug("{}: abort requested: {}", selfId(), reason);
    signalOrWarn(new Signal.Abort(checkNotNull(reason, "reason")));
  }

  private void signalOrWarn(Signal signal) {
    if (!cell.signal(signal) && !cell.status().isTerminal()) {
      log.warn("{}: {} not delivered: this instance has no message loop", selfId(), signal);
    }
  }

  @Override
  public final ActorLocalStorage locals() {
    return localStorage();
  }

  /** The actor's locals, made on first use. */
  final LocalStorage localStorage() {
    return extras().locals();
  }

  /** Drops the actor's locals, if it has any. */
  final void clearLocals() {
    InstanceExtras x = extras;
    LocalStorage l = x == null ? null : x.localsIfAny();
    if (l != null) {
      l.clear();
    }
  }

  /** What the instance makes on first use, made now if not yet. */
  final InstanceExtras extras() {
    InstanceExtras x = extras;
    if (x == null) {
      InstanceExtras made = new InstanceExtras();
      x = (InstanceExtras) EXTRAS.compareAndExchange(this, (InstanceExtras) null, made);
      if (x == null) {
        x = made;
      }
    }
    return x;
  }

  /** Gives the instance its extras before it is shared, for what it knows at construction. */
  final void presetExtras(InstanceExtras x) {
    extras = x;
  }

  final @Nullable InstanceExtras extrasIfAny() {
    return extras;
  }

  @Override
  public final IntrospectResult introspectPayload() {
    return Introspection.livePayload(cell);
  }

  @Override
  public final void publishAttrs(Map<String, String> attrs) {
    cell.setPublishedAttrs(ImmutableMap.copyOf(attrs));
  }

  @Override
  public final void publishAttr(String key, String value) {
    cell.mergePublishedAttr(checkNotNull(key, "key"), checkNotNull(value, "value"));
  }

  @Override
  public final void setSystem() {
    cell.setSystem();
  }

  @Override
  public final void setQueryChildHandler(Function<String, IntrospectResult> handler) {
    cell.setQueryChildHandler(checkNotNull(handler, "handler"));
  }

  /** Sends a message to {@code port} of this instance's mailbox as a direct local delivery. */
  final void deliverToSelf(long index, Object message) {
    PortSink sink = cell.sink(index);
    if (sink == null) {
      log.error("{}: no port {} bound to deliver {}", selfId(), index, message);
      return;
    }
    cell.deliverLocal(
        selfId().portId(index), sink, message, ImmutableMap.of(), SeqInfo.DIRECT, null);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + selfId() + "}";
  }
}
