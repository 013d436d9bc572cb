package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Cancellable;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.FlightRecorder;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortHandle;
import io.hyperactor.SeqInfo;
import io.hyperactor.Signal;
import io.hyperactor.Timers;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.SkipNotice;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spawned actor: its instance, its inboxes, and the loop that runs it.
 *
 * <p>The loop: {@code init}; then, until a stop signal, take signals first, then child supervision
 * events, then work; on {@code DrainAndStop} handle the work already queued; then stop the
 * children (waiting {@value #CHILD_STOP_WAIT_MS} ms per signal), run {@code cleanup} within the
 * cleanup timeout, close the mailbox, record the supervision event, set the terminal status and
 * report to the parent (or, for a root, to the proc). The instance doubles as the {@link Context}
 * handed to handlers.
 *
 * <p>The loop runs in <em>activations</em>: when an item arrives for an idle actor, the producer
 * claims the loop (a compare-and-set on the run state) and dispatches one activation, as a task
 * on the shared {@link ActorDispatcher} pool or, for {@link io.hyperactor.Blocking} actors and
 * with {@code actor_dispatcher = virtual}, on a fresh virtual thread. The activation handles items
 * until the inboxes are empty, then releases the loop and ends; after {@value #BATCH} items it
 * lets others run first (a pool activation resubmits itself, a virtual one yields). An idle actor
 * therefore holds no thread, and at most one activation runs at a time, so the loop state is
 * confined to it. Teardown, which waits for children and cleanup, always runs on a virtual
 * thread. System actors are the exception: their one activation moves to a virtual thread, parks
 * when idle and lives as long as they do.
 *
 * <p>This class is longer than most because the loop, the teardown and the abort path share the
 * instance's inboxes and abort flag; splitting them would spread one state machine over files.
 */
final class ManagedInstance<M> extends AbstractInstance<M>
    implements Context<M>, PortSink, ReorderBuffer.Owner {
  private static final Logger log = LoggerFactory.getLogger(ManagedInstance.class);
  static final long CHILD_STOP_WAIT_MS = 500;
  private static final ActorStatus DROPPED = new ActorStatus.Stopped("instance is dropped");
  /** Items an activation handles before it lets other virtual threads have its carrier. */
  static final int BATCH = 256;
  // A run of handlers each shorter than this is timed by one clock reading per several of them.
  private static final long FAST_HANDLER_NANOS = 1_000;
  private static final int MAX_HANDLERS_PER_READING = 16;
  /** How the spawn log line names the dispatcher pool. */
  static final String POOL_DESCRIPTION = "the dispatcher pool";

  private static final int IDLE = 0;
  private static final int SCHEDULED = 1;
  private static final VarHandle RUN_STATE;

  static {
    try {
      RUN_STATE =
          MethodHandles.lookup().findVarHandle(ManagedInstance.class, "runState", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Actor<M> actor;
  private final Protocol protocol;
  private final @Nullable ReorderBuffer reorder;
  /** The running activation's thread; null while idle (the last one's once terminal). */
  private volatile @Nullable Thread thread;
  /** SCHEDULED while an activation owns the loop, and for good once the loop has finished. */
  private volatile int runState = SCHEDULED;
  // Three booleans are flags in the cell's word (InstanceCell.TASK_*), not fields: whether the
  // activations go to the shared pool (otherwise each gets a virtual thread), whether init has
  // run, and whether the task was aborted. With the current message's headers in the extras
  // (most actors never get a message with headers), that keeps an instance at 64 bytes.

  /** A queued message that carries headers. */
  private record Headed(ImmutableMap<String, String> headers, Object message) {}

  /** A returned message, handled by {@link Actor#handleUndeliverable}. */
  private record Bounced(Undeliverable undeliverable) {}

  /** The outcome of a piped future, turned into a message by its adapter on the actor's thread. */
  private record Piped(
      @Nullable Object value,
      @Nullable Throwable error,
      BiFunction<Object, @Nullable Throwable, ?> adapter) {}


  /** The attributes of the actor's metrics; null while the system exports none. */
  private final @Nullable Attributes metricAttributes;

  ManagedInstance(
      ProcImpl proc,
      ActorId id,
      Actor<M> actor,
      @Nullable InstanceCell parent,
      Protocol protocol,
      boolean reordered,
      boolean pooled,
      @Nullable String rank) {
    super(proc, id, actor.getClass().getName(), actor.getClass(), parent);
    if (rank != null) {
      // Only a mesh's actors have a rank: the others keep no field for it.
      presetExtras(new InstanceExtras(rank));
    }
    this.actor = actor;
    this.protocol = protocol;
    this.reorder = reordered ? new ReorderBuffer() : null;
    if (pooled) {
      cell.setFlags(InstanceCell.TASK_POOLED);
    }
    // The instance is the sink of all four of its loop's ports and tells them apart by the index
    // (see deliver(long, ...)): no object per port for every actor. The cell knows it first, so
    // that each binding is two bits of the mailbox instead of a reference.
    cell.setTask(this);
    cell.bind(PortId.HANDLER_INDEX, this);
    cell.bind(PortId.SIGNAL_INDEX, this);
    cell.bind(PortId.UNDELIVERABLE_INDEX, this);
    long supervisionIndex = cell.allocateIndex();
    checkState(
        supervisionIndex == PortId.FIRST_DYNAMIC_INDEX,
        "%s: the supervision port must be the first dynamic port, got %s",
        id,
        supervisionIndex);
    cell.bind(supervisionIndex, this);
    cell.setLoopSinks(this, this);
    bindIntrospection();
    this.metricAttributes = proc.metricAttributes(cell);
  }

  /** The class of this instance's actor. */
  Class<?> actorClass() {
    return actor.getClass();
  }

  /**
   * The work port's sink: queues a message for the handler. A message outside the actor's protocol
   * never reaches the handler: its sequence number is skipped, so that it holds back none of its
   * sender's later messages, and the send fails with {@code WRONG_TYPE} (an envelope comes back to
   * its sender as undeliverable). A {@link SkipNotice} only fills the number of a message a link
   * refused.
   */
  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> hdrs, SeqInfo seq, @Nullable Object sender) {
    if (message instanceof SkipNotice notice) {
      skip(seq, sender);
      log.debug("{}: {} from {} skipped: {}", selfId(), seq, sender, notice.reason());
      return;
    }
    if (!protocol.accepts(message)) {
      skip(seq, sender);
      throw new MailboxSenderException(
          handlerPortId(),
          MailboxSenderException.Kind.WRONG_TYPE,
          null,
          protocol.refusal("actor " + selfId(), message));
    }
    if (actor instanceof UnionProtocol union) {
      String refusal = union.refusal(message, hdrs);
      if (refusal != null) {
        skip(seq, sender);
        throw new MailboxSenderException(
            handlerPortId(),
            MailboxSenderException.Kind.REJECTED,
            null,
            "actor " + selfId() + " refused a " + message.getClass().getName() + ": " + refusal);
      }
    }
    enqueueWork(hdrs.isEmpty() ? message : new Headed(hdrs, message), seq, sender);
  }

  /** Fills {@code seq} in the reorder buffer without queueing anything. */
  private void skip(SeqInfo seq, @Nullable Object sender) {
    if (reorder != null && seq instanceof SeqInfo.Session session) {
      reorder.accept(this, session, ReorderBuffer.SKIP, sender, this::pushReleased);
    }
  }

  private MailboxSenderException wrongType(
      long index, String where, Class<?> expected, Object message) {
    return new MailboxSenderException(
        selfId().portId(index),
        MailboxSenderException.Kind.WRONG_TYPE,
        null,
        where + " accepts " + expected.getName() + ", got " + message.getClass().getName());
  }

  /** Whether senders number their messages, so that the reorder buffer can order them. */
  @Override
  public boolean ordered() {
    return reorder != null;
  }

  /** The sessions in the reorder buffer's table, forgotten ones included; for tests. */
  int reorderTableEntries() {
    ReorderBuffer r = reorder;
    return r == null ? 0 : r.tableEntries();
  }

  /** Forgets the reorder buffer's session {@code session}, of a sender that has terminated. */
  void forgetSender(UUID session) {
    ReorderBuffer r = reorder;
    if (r != null) {
      r.forget(session);
    }
  }

  /**
   * Whether senders number their messages to port {@code index}: only the work port's are
   * reordered.
   */
  @Override
  public boolean ordered(long index) {
    return index == PortId.HANDLER_INDEX && ordered();
  }

  /** Delivers to one of the loop's ports, which are all bound to the instance. */
  @Override
  public void deliver(
      long index,
      Object message,
      ImmutableMap<String, String> hdrs,
      SeqInfo seq,
      @Nullable Object sender) {
    if (index == PortId.HANDLER_INDEX) {
      deliver(message, hdrs, seq, sender);
    } else if (index == PortId.SIGNAL_INDEX) {
      deliverSignal(message);
    } else if (index == PortId.UNDELIVERABLE_INDEX) {
      deliverUndeliverable(message);
    } else if (index == PortId.FIRST_DYNAMIC_INDEX) {
      refused(PortId.FIRST_DYNAMIC_INDEX, offerSupervision(message));
    } else {
      throw new IllegalArgumentException(
          "port " + index + " of " + selfId() + " is not one of the actor loop's ports");
    }
  }

  /** The signal port's sink: the signal goes to the loop's signal inbox. */
  private void deliverSignal(Object message) {
    if (!(message instanceof Signal)) {
      throw wrongType(PortId.SIGNAL_INDEX, "signal port of " + selfId(), Signal.class, message);
    }
    refused(PortId.SIGNAL_INDEX, offerSignal(message));
  }

  /**
   * The undeliverable port's sink: a returned message is first matched against the instance's own
   * sends (sequence numbers, translated returns, pending asks), else queued for the handler.
   */
  private void deliverUndeliverable(Object message) {
    if (!(message instanceof Undeliverable u)) {
      throw wrongType(
          PortId.UNDELIVERABLE_INDEX,
          "undeliverable port of " + selfId(),
          Undeliverable.class,
          message);
    }
    if (noteReturned(u) || translateReturn(cell, u)) {
      return;
    }
    if (failAsk(cell, u)) {
      return;
    }
    ActorStatus status = offerWork(new Bounced(u), null);
    if (status != null) {
      throw cell.ownerTerminated(selfId().portId(PortId.UNDELIVERABLE_INDEX), status);
    }
  }

  /** An item arrived in one of the inboxes; any thread. */
  @Override
  public void onArrival() {
    schedule();
  }

  /**
   * Work items queued and not yet taken: a snapshot that walks the queue, so that senders share no
   * counter.
   */
  long workDepth() {
    return depth();
  }

  /** Fails a send that the queue refused because the actor has terminated. */
  private void refused(long index, @Nullable ActorStatus status) {
    if (status != null) {
      throw cell.ownerTerminated(selfId().portId(index), status);
    }
  }

  private void enqueueWork(Object item, SeqInfo seq, @Nullable Object sender) {
    if (reorder != null && seq instanceof SeqInfo.Session session) {
      reorder.accept(this, session, item, sender, this::pushReleased);
    } else {
      ActorStatus status = offerWork(item, sender);
      if (status != null) {
        throw cell.ownerTerminated(handlerPortId(), status);
      }
    }
  }

  /** An item the reorder buffer released, possibly one another sender queued earlier. */
  private void pushReleased(Object item, @Nullable Object sender) {
    ActorStatus status = offerWork(item, sender);
    if (status != null) {
      returnDiscarded(item, sender, status);
    }
  }

  /**
   * Returns an item the reorder buffer gave back (it cannot be delivered in order, or the actor
   * terminated) to its sender, with its sequence information, so that the sender restarts its
   * sequence; an item without a sender is logged. The instance is its buffer's callback, so that
   * an actor carries no object for it.
   */
  @Override
  public void accept(
      Object item, @Nullable Object sender, SeqInfo.Session seq, DeliveryError error) {
    Object message = item;
    ImmutableMap<String, String> hdrs = ImmutableMap.of();
    if (item instanceof Headed h) {
      message = h.message();
      hdrs = h.headers();
    }
    if (sender instanceof ActorId from) {
      procImpl().returnUndeliverable(
          new MessageEnvelope(
              from, handlerPortId(), hdrs, message, seq, procImpl().defaultTtl(), true),
          error);
    } else {
      log.warn(
          "{}: discarding a {} sent without a sender: {}",
          selfId(),
          message.getClass().getName(),
          error);
    }
  }

  /**
   * The reorder buffer's timer: a task on the system's scheduler, so a wait holds no thread. The
   * instance is its buffer's timer, so that an actor carries no object for it.
   */
  @Override
  public ReorderBuffer.Policy reorderPolicy() {
    return procImpl().reorderPolicy();
  }

  @Override
  public Runnable schedule(Runnable check, long delayNanos) {
    Cancellable task =
        procImpl().services().scheduler().scheduleOnce(Duration.ofNanos(delayNanos), check);
    return task::cancel;
  }

  /**
   * Reports a work item the actor will never handle because it terminated: back to its sender as
   * undeliverable when the sender is known, otherwise in the log; never silently.
   */
  private void returnDiscarded(Object item, @Nullable Object sender, ActorStatus status) {
    Object message = item;
    ImmutableMap<String, String> hdrs = ImmutableMap.of();
    if (item instanceof Headed h) {
      message = h.message();
      hdrs = h.headers();
    }
    if (message instanceof Bounced b) {
      log.warn(
          "{}: dropping returned message {}: the actor terminated with status '{}'",
          selfId(),
          b.undeliverable(),
          status);
      return;
    }
    if (sender instanceof ActorId from) {
      procImpl().returnUndeliverable(
          new MessageEnvelope(
              from, handlerPortId(), hdrs, message, SeqInfo.DIRECT, procImpl().defaultTtl(), true),
          new DeliveryError(
              DeliveryError.Kind.MAILBOX,
              "mailbox owner " + selfId() + " terminated with status '" + status + "'"));
    } else {
      log.warn(
          "{}: discarding a {} sent without a sender: the actor terminated with status '{}'",
          selfId(),
          message.getClass().getName(),
          status);
    }
  }

  /**
   * Starts the first activation, which runs {@code init}; called once, after registration. Until
   * then the run state reads as scheduled, so early sends only queue.
   */
  void start() {
    dispatch();
    log.debug("{}: spawned with {}", selfId(), isPooled() ? POOL_DESCRIPTION : "virtual threads");
  }

  /** Claims the loop for a new activation unless one already owns it; any thread. */
  private void schedule() {
    if (runState == IDLE && RUN_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
      dispatch();
    }
  }

  /** Runs the next activation of the claimed loop where this actor's activations run. */
  private void dispatch() {
    if (isPooled() && !cell.isSystem()) {
      procImpl().services().dispatcher().dispatch(this);
    } else {
      continueOnVirtualThread(this::serve);
    }
  }

  /** Hands the claimed loop to a new virtual thread; the caller must have called {@link #exit}. */
  private void continueOnVirtualThread(Runnable body) {
    ActorScheduler.INSTANCE.start(ownMdc().actor(), body);
  }

  /**
   * The MDC entries the actor keeps for its virtual threads, whose name is its id text; made when
   * the first one starts, confined to the loop's owner. On a pool worker, the worker keeps them
   * (see {@link ActorDispatcher.Worker#mdcOf}).
   */
  private ActorMdc ownMdc() {
    InstanceExtras x = extras();
    ActorMdc m = x.mdc;
    if (m == null) {
      m = new ActorMdc(selfId(), procImpl().procIdText(), x.rank);
      x.mdc = m;
    }
    return m;
  }

  /** Binds the loop to the calling thread, the one an abort interrupts. */
  private void enter() {
    Thread me = Thread.currentThread();
    if (thread == me) {
      return;
    }
    thread = me;
    if (me instanceof ActorDispatcher.Worker w) {
      w.running = this;
      w.mdcOf(selfId(), procImpl().procIdText(), rank()).enterOnWorker(w);
    } else {
      ownMdc().enter();
    }
  }

  /** Unbinds the calling thread from the loop, if bound; an abort no longer interrupts it. */
  private void exit() {
    Thread me = Thread.currentThread();
    if (thread != me) {
      return;
    }
    thread = null;
    if (me instanceof ActorDispatcher.Worker w) {
      // The worker clears the MDC when its task ends (ActorMdc.endTask).
      w.running = null;
    } else {
      InstanceExtras x = extrasIfAny();
      ActorMdc m = x == null ? null : x.mdc;
      if (m != null) {
        m.exit();
      }
    }
    if (isAborted()) {
      // An abort that read this thread before it was cleared may be interrupting it now; wait
      // for it (it holds the lock while it interrupts), then clear the interrupt, so that the
      // thread's next task, on a pool worker another actor's, does not inherit it.
      synchronized (this) {
        Thread.interrupted();
      }
    }
  }

  /** The actor's rank in its mesh, as the MDC shows it; null for an actor outside a mesh. */
  @Nullable String rank() {
    InstanceExtras x = extrasIfAny();
    return x == null ? null : x.rank;
  }

  /**
   * The actor's handle: the one the actor keeps once it asked for its own ({@link #handle}), else
   * a new one. A handle and its port handle are made on demand rather than with the actor, as
   * most actors never ask for their own and a spawner mostly drops what spawn returned; handles
   * of one actor are equal.
   */
  @SuppressWarnings("unchecked") // The cell's handle is this instance's.
  ActorHandleImpl<M> handleImpl() {
    ActorHandleImpl<M> h = (ActorHandleImpl<M>) cell.ownHandle();
    return h != null ? h : newHandle();
  }

  private ActorHandleImpl<M> newHandle() {
    return new ActorHandleImpl<>(
        cell, new PortHandleImpl<>(cell, selfId().portId(PortId.HANDLER_INDEX), this));
  }

  /** The id of the work port, made on demand: only error paths need it. */
  private PortId handlerPortId() {
    return selfId().portId(PortId.HANDLER_INDEX);
  }

  // ------------------------------------------------------------------ Instance / Context

  @Override
  @SuppressWarnings("unchecked") // The cell's handle is this instance's.
  public ActorHandle<M> handle() {
    // Kept once asked for: an actor that asks for its own handle usually asks per message.
    ActorHandleImpl<M> h = (ActorHandleImpl<M>) cell.ownHandle();
    if (h == null) {
      h = newHandle();
      cell.setHandle(h);
    }
    return h;
  }

  @Override
  public PortHandle<M> port() {
    return handle().port();
  }

  @Override
  public ActorRef<M> bind() {
    return ActorRef.attest(selfId());
  }

  @Override
  public ImmutableMap<String, String> headers() {
    InstanceExtras x = extrasIfAny();
    return x == null ? ImmutableMap.of() : x.headers;
  }

  @Override
  public FlightRecorder recorder() {
    return cell.recorder();
  }

  @Override
  public Cancellable selfMessageWithDelay(M message, Duration delay) {
    Object key = new Object();
    ActorTimers<M> t = timersImpl();
    t.startSingleTimer(key, message, delay);
    return t.handle(key);
  }

  @Override
  public Timers<M> timers() {
    return timersImpl();
  }

  private ActorTimers<M> timersImpl() {
    InstanceExtras x = extras();
    ActorTimers<M> t = timersOf(x);
    if (t == null) {
      synchronized (this) {
        t = timersOf(x);
        if (t == null) {
          t = new ActorTimers<>(procImpl().services().scheduler(), this::offerInternal);
          x.timers = t;
        }
      }
    }
    return t;
  }

  /** The actor's timers, if it made them; most actors have none. */
  private @Nullable ActorTimers<M> timersIfAny() {
    InstanceExtras x = extrasIfAny();
    return x == null ? null : timersOf(x);
  }

  // Safe: only timersImpl sets the timers, and it makes them for this instance's M.
  @SuppressWarnings("unchecked")
  private static <M> @Nullable ActorTimers<M> timersOf(InstanceExtras x) {
    return (ActorTimers<M>) x.timers;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> void pipeToSelf(
      CompletionStage<T> stage, BiFunction<? super T, ? super Throwable, ? extends M> adapter) {
    checkNotNull(stage, "stage");
    checkNotNull(adapter, "adapter");
    BiFunction<Object, @Nullable Throwable, ?> erased =
        (BiFunction<Object, @Nullable Throwable, ?>) (BiFunction<?, ?, ?>) adapter;
    stage.whenComplete((value, error) -> offerInternal(new Piped(value, error, erased)));
  }

  /** Queues an item the runtime made for this actor (a timer, a piped result); any thread. */
  private void offerInternal(Object item) {
    ActorStatus status = offerWork(item, null);
    if (status != null) {
      log.debug("{}: {} not handled: the actor terminated with status '{}'", selfId(), item, status);
    }
  }

  // ------------------------------------------------------------------ the loop

  /** {@link #setStatus} for {@code Processing}, without a new status per message of one handler. */
  private void setProcessing(ActorStatus.Processing processing, long startNanos) {
    if (isAborted()) {
      throw new TaskAborted();
    }
    try {
      cell.markProcessing(processing, startNanos);
    } catch (IllegalStateException e) {
      if (isAborted()) {
        throw new TaskAborted();
      }
      throw e;
    }
  }

  private void setStatus(ActorStatus next) {
    if (isAborted()) {
      throw new TaskAborted();
    }
    try {
      cell.changeStatus(next);
    } catch (IllegalStateException e) {
      if (isAborted()) {
        throw new TaskAborted();
      }
      throw e;
    }
  }

  /**
   * One activation: runs until the inboxes are empty (releasing the loop), until it hands the loop
   * on (to a later pool task or a virtual thread), or until the actor ends.
   */
  void serve() {
    enter();
    try {
      String reason = null;
      ActorError error = null;
      try {
        if (!cell.hasFlags(InstanceCell.TASK_INITIALIZED)) {
          cell.setFlags(InstanceCell.TASK_INITIALIZED);
          // The reading a previous activation left does not start a handler after an init.
          ActorDispatcher.forgetClockReading();
          initialize();
        }
        reason = run();
        if (reason == null) {
          return;
        }
      } catch (ActorError e) {
        error = e;
      } catch (RuntimeException | Error e) {
        ended(e);
        return;
      }
      if (ActorDispatcher.onWorker() && (error != null || teardownMayWait())) {
        // Teardown waits for the children and for cleanup, and a failure's may end the process
        // (the proc's exit hook, whose shutdown may wait for the pool): none of that on a worker.
        String r = reason;
        ActorError err = error;
        exit();
        continueOnVirtualThread(
            () -> {
              enter();
              try {
                terminate(r, err);
              } finally {
                exit();
              }
            });
        return;
      }
      terminate(reason, error);
    } finally {
      exit();
    }
  }

  /**
   * Whether the teardown may wait: for children to stop, or for a cleanup hook. An actor without
   * either (most of them) that stops cleanly is torn down on the worker it stopped on, without a
   * thread start per stop.
   */
  private boolean teardownMayWait() {
    return cell.childCount() > 0 || ActorClassInfo.overridesCleanup(actor.getClass());
  }

  /** Tears the actor down after its loop stopped, normally or with {@code error}. */
  private void terminate(@Nullable String reason, @Nullable ActorError error) {
    Throwable failure = null;
    try {
      teardown(reason, error);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    ended(failure);
  }

  /**
   * The loop is over: after teardown ({@code cause} null), by an abort ({@link TaskAborted}), or
   * because a runtime invariant broke.
   */
  private void ended(@Nullable Throwable cause) {
    try {
      if (cause instanceof TaskAborted) {
        log.debug("{}: task aborted", selfId());
      } else if (cause != null) {
        // Fail loudly but still leave the actor terminal.
        log.error("{}: actor loop failed unexpectedly", selfId(), cause);
        if (cell.forceTerminal(
            new ActorStatus.Failed(ActorErrorKind.generic("actor loop failed: " + cause)))) {
          cell.closeIfOpen(cell.status());
          close(cell.status());
          procImpl().release(cell);
        }
      }
    } finally {
      if (cell.status().isTerminal()) {
        cell.completeTermination();
      }
      discardQueuedWork();
      clearLocals();
    }
  }

  private void initialize() throws ActorError {
    setStatus(ActorStatus.INITIALIZING);
    try {
      actor.init(this);
    } catch (TaskAborted e) {
      throw e;
    } catch (Throwable t) {
      throw ActorError.init(t);
    } finally {
      cell.markStarted();
    }
  }

  /**
   * Handles items until a stop signal (returning its reason) or until the inboxes are empty, in
   * which case it releases the loop and returns null.
   */
  private @Nullable String run() throws ActorError {
    boolean drain;
    String reason;
    int budget = BATCH;
    // Handlers are timed by intervals: a clock reading ends one interval and starts the next, and
    // while handlers take under FAST_HANDLER_NANOS each, one interval covers up to
    // MAX_HANDLERS_PER_READING of them (a reading costs tens of nanoseconds on some virtual
    // machines, more than a short handler). An activation's first interval on a pool worker starts
    // at the reading that ended the activation before it there, if that one left it. clocked: a
    // reading starts the current interval and the loop has done nothing since but handle items;
    // untimed: the handlers run in it so far.
    boolean clocked = false;
    long clock = 0;
    int untimed = 0;
    int perReading = 1;
    loop:
    while (true) {
      // Only an abort interrupts the loop on purpose; clear stray interrupts so waiting works.
      Thread.interrupted();
      if (isAborted()) {
        throw new TaskAborted();
      }
      Object signal = pollSignal();
      if (signal != null) {
        switch ((Signal) signal) {
          case Signal.Stop s -> {
            drain = false;
            reason = s.reason();
            break loop;
          }
          case Signal.DrainAndStop s -> {
            drain = true;
            reason = s.reason();
            break loop;
          }
          case Signal.Abort a -> throw ActorError.aborted(a.reason());
          case Signal.ChildStopped c -> {
            if (cell.hasChild(c.pid())) {
              throw new IllegalStateException(
                  selfId() + ": ChildStopped(" + c.pid() + ") while the child is still linked");
            }
          }
        }
        endInterval(untimed, clock);
        untimed = 0;
        clocked = false;
        cell.recordProcessed();
        continue;
      }
      Object event = pollSupervision();
      if (event != null) {
        endInterval(untimed, clock);
        untimed = 0;
        clocked = false;
        handleSupervisionEvent((ActorSupervisionEvent) event);
        cell.recordProcessed();
        continue;
      }
      Object item = pollWork();
      if (item != null) {
        cell.recordReceived();
        if (!clocked) {
          clock = ActorDispatcher.clockReading();
          clocked = true;
          perReading = 1;
        }
        try {
          if (handleWork(item, clock)) {
            untimed++;
          }
        } catch (ActorError e) {
          endInterval(untimed + 1, clock);
          // A child's failure that is already queued explains this one better; let it win.
          Object pending;
          while ((pending = pollSupervision()) != null) {
            handleSupervisionEvent((ActorSupervisionEvent) pending);
          }
          throw e;
        }
        if (untimed >= perReading || (untimed > 0 && metricAttributes != null)) {
          long now = endInterval(untimed, clock);
          perReading =
              now - clock <= untimed * FAST_HANDLER_NANOS
                  ? Math.min(perReading * 2, MAX_HANDLERS_PER_READING)
                  : 1;
          untimed = 0;
          clock = now;
        }
        cell.recordProcessed();
        if (--budget == 0) {
          budget = BATCH;
          clock = endInterval(untimed, clock);
          untimed = 0;
          clocked = false;
          if (ActorDispatcher.onWorker()) {
            // Let the actors queued behind this one have the worker; the loop stays claimed.
            ActorDispatcher.leaveClockReading(clock);
            exit();
            procImpl().services().dispatcher().resubmit(this);
            return null;
          }
          Thread.yield();
        }
        continue;
      }
      // Nothing queued: go idle. System actors (the proc agent and the like) keep their thread,
      // parked, so they stay visible in thread dumps and answer without a thread start.
      boolean reading = clocked;
      clock = endInterval(untimed, clock);
      untimed = 0;
      clocked = false;
      setStatus(ActorStatus.IDLE);
      if (cell.isSystem()) {
        if (ActorDispatcher.onWorker()) {
          // Became a system actor in init, on the pool: it parks when idle, so not there.
          exit();
          continueOnVirtualThread(this::serve);
          return null;
        }
        awaitAny();
        continue;
      }
      // A producer that queued something after our last poll either sees the loop released and
      // starts the next activation, or we see its item and go on.
      if (reading) {
        ActorDispatcher.leaveClockReading(clock);
      }
      exit();
      runState = IDLE;
      if (isEmpty() || !RUN_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
        return null;
      }
      enter();
    }
    endInterval(untimed, clock);
    if (drain) {
      Object item;
      while ((item = pollWork()) != null) {
        cell.recordReceived();
        long start = System.nanoTime();
        int ran = 1; // a handler that fails counts too
        try {
          if (!handleWork(item, start)) {
            ran = 0;
          }
        } finally {
          endInterval(ran, start);
        }
      }
    }
    log.debug("{}: exited actor loop: {}", selfId(), reason);
    return reason;
  }

  private void handleSupervisionEvent(ActorSupervisionEvent event) throws ActorError {
    boolean handled;
    HandlerEvent jfr = startHandlerEvent();
    try {
      handled = actor.handleSupervisionEvent(this, event);
    } catch (TaskAborted e) {
      throw e;
    } catch (Throwable t) {
      throw ActorError.duringSupervision(t, event);
    } finally {
      commitIfSlow(jfr, event);
    }
    if (!handled) {
      throw ActorError.unhandled(event);
    }
  }

  /**
   * Ends the interval that began at the reading {@code start} and covers {@code handlers} handlers;
   * returns the reading that ends it, or {@code start} when it covers none (nothing to end).
   */
  private long endInterval(int handlers, long start) {
    if (handlers == 0) {
      return start;
    }
    long now = System.nanoTime();
    recordHandlers(handlers, now - start, now);
    return now;
  }

  /** Records {@code handlers} handlers that took {@code nanos} in all, ending at {@code end}. */
  private void recordHandlers(int handlers, long nanos, long end) {
    cell.recordHandlers(handlers, nanos, end);
    Attributes attributes = metricAttributes;
    if (attributes != null) {
      // The loop times each handler on its own while its durations are exported.
      procImpl().telemetry().recordHandler(nanos, attributes);
    }
  }

  /**
   * Handles one work item; {@code start} is the clock reading ({@link System#nanoTime()}) that
   * starts its handler's interval. Returns whether a handler ran; the loop records its duration.
   */
  @SuppressWarnings("unchecked")
  private boolean handleWork(Object item, long start) throws ActorError {
    Object message = item;
    ImmutableMap<String, String> hdrs = ImmutableMap.of();
    if (item instanceof Headed h) {
      message = h.message();
      hdrs = h.headers();
    } else if (item instanceof ActorTimers.Fired fired) {
      ActorTimers<M> t = timersIfAny();
      if (t == null || !t.accept(fired)) {
        return false;
      }
      message = fired.message();
    } else if (item instanceof Piped piped) {
      try {
        message = piped.adapter().apply(piped.value(), piped.error());
      } catch (RuntimeException e) {
        log.error("{}: the adapter of a piped result failed; nothing delivered", selfId(), e);
        return false;
      }
      if (message == null) {
        log.error("{}: the adapter of a piped result returned null; nothing delivered", selfId());
        return false;
      }
    }
    ActorStatus.Processing processing = ActorClassInfo.processing(message.getClass());
    HandlerInfo info = processing.handler();
    try {
      setProcessing(processing, start);
    } catch (TaskAborted e) {
      returnDiscarded(item, null, DROPPED);
      throw e;
    }
    // Kept in the extras, made by the first message with headers: most actors never get one.
    if (!hdrs.isEmpty()) {
      extras().headers = hdrs;
    }
    // A message without trace context pays one header lookup here, and only while tracing is on.
    Span span = null;
    Scope scope = null;
    if (!hdrs.isEmpty() && procImpl().telemetry().tracingOn()) {
      ProcImpl p = procImpl();
      span = p.telemetry().startHandlerSpan(hdrs, message, selfId(), p.procIdText());
      if (span != null) {
        scope = span.makeCurrent();
      }
    }
    Throwable failure = null;
    HandlerEvent jfr = startHandlerEvent();
    try {
      if (message instanceof Bounced b) {
        actor.handleUndeliverable(this, b.undeliverable());
      } else {
        actor.handle(this, (M) message);
      }
    } catch (TaskAborted e) {
      failure = e;
      throw e;
    } catch (Throwable t) {
      failure = t;
      if (isAborted()) {
        throw new TaskAborted();
      }
      throw ActorError.fromHandler(t);
    } finally {
      cell.noteHandler(info);
      if (span != null) {
        checkNotNull(scope, "scope").close();
        Telemetry.endHandlerSpan(span, failure);
      }
      commitIfSlow(jfr, message instanceof Bounced b ? b.undeliverable() : message);
      if (!hdrs.isEmpty()) {
        extras().headers = ImmutableMap.of();
      }
    }
    return true;
  }

  /**
   * A begun handler event, or null while this JVM has no flight recorder. The first event object a
   * JVM creates makes the JDK load the recorder's metadata of every event type (more than 100
   * classes of {@code jdk.jfr} and their objects), which an idle child JVM would carry for nothing.
   * Every recording initializes the recorder first, so handlers that begin after a recording was
   * created are recorded.
   */
  private static @Nullable HandlerEvent startHandlerEvent() {
    if (!jdk.jfr.FlightRecorder.isInitialized()) {
      return null;
    }
    HandlerEvent jfr = new HandlerEvent();
    jfr.begin();
    return jfr;
  }

  /**
   * Commits {@code jfr} for a handler of {@code handled} if a recording enables it and the handler
   * took at least its threshold; the fields are filled only then.
   */
  private void commitIfSlow(@Nullable HandlerEvent jfr, Object handled) {
    if (jfr == null) {
      return;
    }
    jfr.end();
    if (jfr.shouldCommit()) {
      jfr.actor = selfId().toString();
      jfr.messageType = handled.getClass().getName();
      jfr.commit();
    }
  }

  /** A wall-clock reading and the {@link System#nanoTime()} taken with it. */
  private record ClockBase(Instant wall, long nanos) {}

  private static volatile ClockBase clockBase = new ClockBase(Instant.now(), System.nanoTime());

  /**
   * The wall-clock time of a {@link System#nanoTime()} reading, so one clock read serves both the
   * status timestamp and the handler's duration. The base is re-read at most a second apart, so a
   * stepped wall clock shows up within a second.
   */
  static Instant wallClockAt(long nanos) {
    ClockBase base = clockBase;
    long delta = nanos - base.nanos();
    if (delta < 0 || delta > 1_000_000_000L) {
      base = new ClockBase(Instant.now(), System.nanoTime());
      clockBase = base;
      delta = Math.max(0, nanos - base.nanos());
    }
    return base.wall().plusNanos(delta);
  }

  private void teardown(@Nullable String reason, @Nullable ActorError error) {
    if (error != null) {
      log.debug("{}: actor failure: {}", selfId(), error.getMessage());
    }
    ActorStatus current = cell.status();
    if (current.isTerminal()) {
      if (isAborted()) {
        // An abort from outside (a proc destroy) made the actor terminal after its loop stopped.
        throw new TaskAborted();
      }
      throw new IllegalStateException(selfId() + ": terminal status " + current + " before stop");
    }
    setStatus(ActorStatus.STOPPING);
    ActorTimers<M> t = timersIfAny();
    if (t != null) {
      t.cancelAll();
    }
    stopChildren();
    if (error == null || !error.isPanic()) {
      ActorError cleanupError = runCleanup(error);
      if (cleanupError != null) {
        if (error == null) {
          error = cleanupError;
        } else {
          log.warn(
              "{}: ignoring cleanup error after actor error: {}",
              selfId(),
              cleanupError.getMessage());
        }
      }
    }
    finish(reason, error);
  }

  private void stopChildren() {
    for (InstanceCell child : cell.childCells()) {
      if (!child.signal(new Signal.Stop("parent stopping"))) {
        cell.unlink(child);
      }
    }
    while (cell.childCount() > 0) {
      Object s = pollSignal(TimeUnit.MILLISECONDS.toNanos(CHILD_STOP_WAIT_MS));
      if (isAborted()) {
        throw new TaskAborted();
      }
      if (s == null) {
        log.warn(
            "{}: timeout waiting for ChildStopped signal from {}; unlinking them",
            selfId(),
            cell.childActorIds());
        cell.unlinkAll();
        break;
      }
    }
  }

  private @Nullable ActorError runCleanup(@Nullable ActorError cause) {
    if (!ActorClassInfo.overridesCleanup(actor.getClass())) {
      return null;
    }
    try {
      return BoundedCleanup.run(
          selfId(), procImpl().cleanupTimeout(), () -> actor.cleanup(this, cause));
    } catch (InterruptedException e) {
      if (isAborted()) {
        throw new TaskAborted();
      }
      return ActorError.cleanup("interrupted while waiting for cleanup", e);
    }
  }

  private void finish(@Nullable String reason, @Nullable ActorError error) {
    ActorStatus terminal;
    ActorSupervisionEvent event;
    if (error == null) {
      terminal = new ActorStatus.Stopped(checkNotNull(reason, "reason"));
      event = ActorSupervisionEvent.of(selfId(), actor.displayName(), terminal);
    } else if (error.adoptedStatus() != null) {
      event = checkNotNull(error.event(), "event");
      terminal = event.actorStatus();
    } else {
      terminal = new ActorStatus.Failed(ActorErrorKind.generic(error.getMessage()));
      event = ActorSupervisionEvent.of(selfId(), actor.displayName(), terminal);
    }
    if (isAborted()) {
      throw new TaskAborted();
    }
    cell.closeIfOpen(terminal);
    close(terminal);
    // Everything introspection reads is written before the terminal status is published.
    cell.setSupervisionEvent(event);
    setStatus(terminal);
    if (terminal.isFailed()) {
      log.warn("{}: actor failed: {}", selfId(), terminal);
    }
    discardQueuedWork();
    procImpl().release(cell);
    procImpl().storeTerminatedSnapshot(cell);
    Attributes attributes = metricAttributes;
    if (attributes != null) {
      procImpl().telemetry().supervisionEvent(attributes, event.isError());
    }
    InstanceCell parent = cell.maybeUnlinkParent();
    if (parent != null) {
      parent.forgetTerminatedChild(cell);
      parent.sendSupervisionEventOrCrash(event);
      if (!parent.signal(new Signal.ChildStopped(selfId().pid()))) {
        log.debug("{}: could not send ChildStopped to parent {}", selfId(), parent.actorId());
      }
    } else {
      procImpl().handleUnhandledSupervisionEvent(event);
    }
    cell.completeTermination();
  }

  /** Closes the inboxes if still open and reports everything left in them. */
  private void discardQueuedWork() {
    ActorStatus status = closedStatus();
    if (status == null) {
      close(isAborted() || !cell.status().isTerminal() ? DROPPED : cell.status());
      status = closedStatus();
    }
    ActorStatus terminal = checkNotNull(status, "status");
    if (reorder != null) {
      reorder.close(
          this,
          Suppliers.memoize(
              () ->
                  new DeliveryError(
                      DeliveryError.Kind.MAILBOX,
                      "mailbox owner " + selfId() + " terminated with status '" + terminal + "'")));
    }
    long n =
        sweep(
            (control, sender) -> {
              if (control instanceof ActorSupervisionEvent event && event.isError()) {
                log.warn(
                    "{}: terminated ({}) before handling a child's failure: {}",
                    selfId(),
                    terminal,
                    event);
              } else {
                log.debug("{}: dropping {} after termination", selfId(), control);
              }
            },
            (item, sender) -> returnDiscarded(item, sender, terminal));
    log.debug("{}: {} queued work items reported at termination", selfId(), n);
  }

  /**
   * Aborts the task from outside: the actor becomes {@code Stopped("instance is dropped")} at once,
   * without cleanup or a supervision event, and its thread is interrupted and unwinds when it next
   * touches the runtime. Its mailbox is closed and its children are told to stop.
   */
  void abortTask() {
    cell.setFlags(InstanceCell.TASK_ABORTED);
    // Under the lock that exit() waits on, so a pool worker that has moved on to another actor
    // is never interrupted on this actor's behalf.
    synchronized (this) {
      Thread t = thread;
      if (t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    }
    if (cell.forceTerminal(DROPPED)) {
      log.warn("{}: task aborted", selfId());
      cell.markStarted();
      cell.closeIfOpen(DROPPED);
      close(DROPPED);
      for (InstanceCell child : cell.childCells()) {
        child.signal(new Signal.Stop("parent stopping"));
      }
      cell.maybeUnlinkParent();
      procImpl().release(cell);
      procImpl().storeTerminatedSnapshot(cell);
      cell.completeTermination();
      // An idle actor has no activation to report what is still queued; start one (it sees the
      // abort at once). A running activation does it when it unwinds.
      schedule();
    }
  }

  boolean isAborted() {
    return cell.hasFlags(InstanceCell.TASK_ABORTED);
  }

  /** Whether activations go to the shared pool (otherwise each gets a virtual thread). */
  private boolean isPooled() {
    return cell.hasFlags(InstanceCell.TASK_POOLED);
  }

  /** The loop's thread, once started. */
  @Nullable Thread thread() {
    return thread;
  }
}
