package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorMetrics;
import io.hyperactor.FlightRecorder;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.SeqInfo;
import io.hyperactor.Signal;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared state of one instance and its node in the supervision tree.
 *
 * <p>A parent holds its children's cells strongly; a child refers to its parent weakly. The cell
 * owns the status (changed only through {@link #changeStatus}, which enforces the legal
 * transitions) and the introspection state. Thread-safe.
 *
 * <p>The cell is also the instance's mailbox (it extends {@link MailboxImpl}): both live exactly
 * as long as the instance, and one object instead of two saves a header and the cell's reference
 * to the mailbox in every actor. The two concepts keep their own files; the cell shares the
 * mailbox's monitor, and every section guarded by it is short and calls out to nothing.
 */
final class InstanceCell extends MailboxImpl implements ActorCell, PortSink {
  private static final Logger log = LoggerFactory.getLogger(InstanceCell.class);
  private static final VarHandle STATUS;
  private static final VarHandle PROCESSING_START;
  private static final VarHandle LAST_HANDLER_END;
  private static final VarHandle LAST_HANDLER;
  private static final VarHandle FIRST_COUNTS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATUS = l.findVarHandle(InstanceCell.class, "status", ActorStatus.class);
      PROCESSING_START =
          l.findVarHandle(InstanceCell.class, "processingStartNanos", long.class);
      LAST_HANDLER_END = l.findVarHandle(InstanceCell.class, "lastHandlerEndNanos", long.class);
      LAST_HANDLER = l.findVarHandle(InstanceCell.class, "lastHandler", HandlerInfo.class);
      FIRST_COUNTS = l.findVarHandle(InstanceCell.class, "firstCounts", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Every field here is per-actor memory, so: the id and the proc are the mailbox's;
  // state most live actors never use sits in Extras, made on first use; and the children's table
  // holds the one weak reference to this cell that all of them share as their parent link.
  private final @Nullable WeakReference<InstanceCell> parent;
  private volatile @Nullable Extras extras;

  private volatile ActorStatus status = ActorStatus.CREATED;
  // The start (System.nanoTime) of the current handler. A Processing status is stored as its
  // handler's one shared object, whose since is a placeholder (ActorClassInfo.processing), so
  // that neither a message nor an activation allocates a status; status() folds the start in.
  private long processingStartNanos;
  private volatile @Nullable ActorHandleImpl<?> handle;
  private volatile @Nullable ManagedInstance<?> task;
  private volatile @Nullable HandlerInfo lastHandler;
  /** {@code System.nanoTime()} when the last handler returned; meaningful once one ran. */
  private volatile long lastHandlerEndNanos;
  // The introspection counters of an actor that has taken at most one work item, processed at
  // most one item and run at most one handler (most actors of a large tree: an idle child that
  // answered its parent once), packed into one word; see FirstCounts. The loop moves them to a
  // Counters object when one of them would pass one.
  private volatile long firstCounts;
  private volatile @Nullable Counters counters;
  // Flags, in the mailbox's word of bound ports (MailboxImpl.setFlags): whether the instance has a
  // message loop, whose signal and supervision sinks are then bound to the mailbox's signal port
  // and first dynamic port (setLoopSinks checks), and read there; whether it answers
  // introspection; whether it is a system actor; whether it has started (set under this lock).
  private static final int HAS_LOOP = FIRST_FLAG;
  private static final int INTROSPECTABLE = FIRST_FLAG << 1;
  private static final int SYSTEM = FIRST_FLAG << 2;
  private static final int STARTED = FIRST_FLAG << 3;
  // The managed instance's flags, kept here so that the instance has no boolean fields (see
  // ManagedInstance): its activations go to the pool; its init ran; it was aborted.
  static final int TASK_POOLED = FIRST_FLAG << 4;
  static final int TASK_INITIALIZED = FIRST_FLAG << 5;
  static final int TASK_ABORTED = FIRST_FLAG << 6;

  /**
   * The counters of {@link #firstCounts}: bit 0 is the work items taken (0 or 1), bit 1 the items
   * processed, bit 2 the handlers run, and the bits above hold that one handler's nanoseconds
   * (its total and its maximum).
   */
  private static final class FirstCounts {
    static final long RECEIVED = 1;
    static final long PROCESSED = 2;
    static final long HANDLED = 4;
    static final int NANOS_SHIFT = 3;

    private FirstCounts() {}
  }

  /**
   * The introspection counters of an actor that has gone past one message. Written by the
   * actor's loop only; release stores publish them to introspection readers without the full
   * fence of a volatile store on every message.
   */
  private static final class Counters {
    private static final VarHandle RECEIVED;
    private static final VarHandle PROCESSED;
    private static final VarHandle HANDLER_COUNT;
    private static final VarHandle HANDLER_TOTAL_NANOS;
    private static final VarHandle HANDLER_MAX_NANOS;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        RECEIVED = l.findVarHandle(Counters.class, "received", long.class);
        PROCESSED = l.findVarHandle(Counters.class, "processed", long.class);
        HANDLER_COUNT = l.findVarHandle(Counters.class, "handlerCount", long.class);
        HANDLER_TOTAL_NANOS = l.findVarHandle(Counters.class, "handlerTotalNanos", long.class);
        HANDLER_MAX_NANOS = l.findVarHandle(Counters.class, "handlerMaxNanos", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile long received;
    volatile long processed;
    volatile long handlerCount;
    volatile long handlerTotalNanos;
    volatile long handlerMaxNanos;

    /** Counters that continue the packed {@code first} counts. */
    Counters(long first) {
      received = first & FirstCounts.RECEIVED;
      processed = (first & FirstCounts.PROCESSED) >>> 1;
      handlerCount = (first & FirstCounts.HANDLED) >>> 2;
      handlerTotalNanos = first >>> FirstCounts.NANOS_SHIFT;
      handlerMaxNanos = handlerTotalNanos;
    }

    void recordReceived() {
      RECEIVED.setRelease(this, (long) RECEIVED.get(this) + 1);
    }

    void recordProcessed() {
      PROCESSED.setRelease(this, (long) PROCESSED.get(this) + 1);
    }

    void recordHandlers(int handlers, long nanos) {
      HANDLER_COUNT.setRelease(this, (long) HANDLER_COUNT.get(this) + handlers);
      HANDLER_TOTAL_NANOS.setRelease(this, (long) HANDLER_TOTAL_NANOS.get(this) + nanos);
      if (nanos > (long) HANDLER_MAX_NANOS.get(this)) {
        HANDLER_MAX_NANOS.setRelease(this, nanos);
      }
    }
  }

  /**
   * What few live actors use: children, status waiters, the termination future, the flight
   * recorder, introspection extras, and a type name that is not the class name; and what every
   * actor writes at termination (the supervision event and terminal status).
   */
  private static final class Extras {
    private static final VarHandle TERMINATION;

    static {
      try {
        TERMINATION =
            MethodHandles.lookup().findVarHandle(Extras.class, "termination", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    // Created when the first child is spawned: most actors never have one.
    volatile @Nullable ChildTable children;
    /**
     * The termination: null until someone asks for the future or the instance terminates; then
     * the future, or the terminal status when it terminated before anyone asked.
     */
    volatile @Nullable Object termination;
    // Status waiters are rare: the lock and condition are made by the first one.
    @Nullable ReentrantLock waitLock;
    @Nullable Condition changed;
    volatile int waiters;
    volatile @Nullable FlightRecorderImpl recorder;
    volatile @Nullable ImmutableMap<String, String> publishedAttrs;
    volatile @Nullable Function<String, IntrospectResult> queryChildHandler;
    // Written once, at termination.
    volatile @Nullable ActorSupervisionEvent supervisionEvent;
    // Set only when the type name is not the actor class's name (a client instance).
    @Nullable String typeName;
    // Guarded by the cell.
    @Nullable List<Runnable> deferredUntilStarted;
  }

  /**
   * The cell, mailbox and sequencer of instance {@code id} in {@code proc}; the sequencer numbers
   * the instance's outgoing messages under {@code session}, the instance's session id. The type
   * name is kept only when it is not {@code actorClass}'s name, which the managed instance gives
   * from then on ({@code Void} for a client).
   */
  InstanceCell(
      String actorTypeName,
      Class<?> actorClass,
      ActorId id,
      ProcImpl proc,
      UUID session,
      @Nullable InstanceCell parent) {
    super(id, proc, session);
    if (!actorTypeName.equals(actorClass.getName())) {
      extras().typeName = actorTypeName;
    }
    this.parent = parent == null ? null : parent.childTable().owner();
  }

  // ------------------------------------------------------------------ wiring

  /** Records that the instance has a message loop, with these sinks bound in its mailbox. */
  void setLoopSinks(PortSink signal, PortSink supervision) {
    checkState(
        sink(PortId.SIGNAL_INDEX) == signal,
        "%s: the loop's signal sink must be bound to the signal port",
        actorId());
    checkState(
        sink(PortId.FIRST_DYNAMIC_INDEX) == supervision,
        "%s: the loop's supervision sink must be bound to the first dynamic port, %s",
        actorId(),
        PortId.FIRST_DYNAMIC_INDEX);
    setFlags(HAS_LOOP);
  }

  void setHandle(ActorHandleImpl<?> handle) {
    this.handle = handle;
  }

  /** The actor's handle: the one it keeps, else a new one; null for a cell without either. */
  @Nullable ActorHandleImpl<?> handleImpl() {
    ActorHandleImpl<?> h = handle;
    if (h == null) {
      ManagedInstance<?> t = task;
      if (t != null) {
        return t.handleImpl();
      }
    }
    return h;
  }

  /** The handle the instance keeps, if it made one yet (see {@link ManagedInstance#handle}). */
  @Nullable ActorHandleImpl<?> ownHandle() {
    return handle;
  }

  /** Records the managed instance; before it binds its ports, which then cost no reference. */
  void setTask(ManagedInstance<?> task) {
    checkState(this.task == null, "%s: the managed instance is set once", actorId());
    this.task = task;
  }

  /** The managed instance, the sink of four of its mailbox's ports. */
  @Override
  @Nullable PortSink ownerSink() {
    return task;
  }

  @Nullable ManagedInstance<?> task() {
    return task;
  }

  void setIntrospectable() {
    setFlags(INTROSPECTABLE);
  }

  boolean introspectable() {
    return hasFlags(INTROSPECTABLE);
  }

  MailboxImpl mailbox() {
    return this;
  }

  /** The sequencer of the instance's outgoing messages: the cell itself (see MailboxImpl). */
  Sequencer sequencer() {
    return this;
  }

  /**
   * The class of the instance's actor, from the managed instance (set before the cell is
   * published); {@code Void} for a client. Not a field: 4 bytes more would cost 8 per actor.
   */
  Class<?> actorClass() {
    ManagedInstance<?> t = task;
    return t != null ? t.actorClass() : Void.class;
  }

  /** Links this cell under its parent, which must be on the same proc. */
  void linkToParent() {
    InstanceCell p = parent == null ? null : parent.get();
    if (p != null) {
      ActorId id = actorId();
      checkState(
          p.actorId().procId().equals(id.procId()),
          "parent %s and child %s must be on the same proc",
          p.actorId(),
          id);
      p.childTable().put(this);
    }
  }

  /** Unlinks from the parent; returns the parent only if this call removed the link. */
  @Nullable InstanceCell maybeUnlinkParent() {
    InstanceCell p = parent == null ? null : parent.get();
    ChildTable siblings = p == null ? null : p.children();
    if (siblings != null && siblings.remove(this)) {
      return p;
    }
    return null;
  }

  /** The children's table, made on first use (a child's constructor asks for it). */
  private ChildTable childTable() {
    Extras e = extras();
    ChildTable c = e.children;
    if (c == null) {
      synchronized (this) {
        c = e.children;
        if (c == null) {
          c = new ChildTable(this);
          e.children = c;
        }
      }
    }
    return c;
  }

  private @Nullable ChildTable children() {
    Extras e = extras;
    return e == null ? null : e.children;
  }

  void unlink(InstanceCell child) {
    ChildTable c = children();
    if (c != null) {
      c.remove(child);
    }
  }

  void unlinkAll() {
    ChildTable c = children();
    if (c != null) {
      c.clear();
    }
  }

  boolean hasChild(long pid) {
    ChildTable c = children();
    return c != null && c.contains(pid);
  }

  /** The linked children, by pid; a fresh list the caller may change. */
  List<InstanceCell> childCells() {
    ChildTable c = children();
    return c == null ? new ArrayList<>() : c.sortedCells();
  }

  private Extras extras() {
    Extras e = extras;
    if (e == null) {
      synchronized (this) {
        e = extras;
        if (e == null) {
          e = new Extras();
          extras = e;
        }
      }
    }
    return e;
  }

  /**
   * Runs {@code task} once the instance has started (a managed actor's {@code init} has returned);
   * returns false, without running it, when the instance has already started.
   */
  boolean deferUntilStarted(Runnable task) {
    synchronized (this) {
      if (hasFlags(STARTED)) {
        return false;
      }
      Extras e = extras();
      if (e.deferredUntilStarted == null) {
        e.deferredUntilStarted = new ArrayList<>();
      }
      e.deferredUntilStarted.add(task);
      return true;
    }
  }

  /** Marks the instance started and runs what was deferred until then. */
  void markStarted() {
    List<Runnable> tasks = null;
    synchronized (this) {
      if (hasFlags(STARTED)) {
        return;
      }
      setFlags(STARTED);
      Extras e = extras;
      if (e != null) {
        tasks = e.deferredUntilStarted;
        e.deferredUntilStarted = null;
      }
    }
    if (tasks != null) {
      for (Runnable task : tasks) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{}: deferred introspection query failed", actorId(), e);
        }
      }
    }
  }

  // ------------------------------------------------------------------ status

  /**
   * Changes the status, enforcing the legal transitions.
   *
   * @throws IllegalStateException when leaving a terminal status
   */
  ActorStatus changeStatus(ActorStatus next) {
    while (true) {
      ActorStatus prev = status;
      ActorStatus.checkTransition(prev, next);
      if (STATUS.compareAndSet(this, prev, next)) {
        afterChange(prev, next);
        return prev;
      }
    }
  }

  /**
   * The loop starts a message at {@code startNanos} ({@link System#nanoTime}) for the handler of
   * {@code processing}, the handler's shared status ({@link ActorClassInfo#processing}): {@link
   * #status()} reads {@code Processing(since, handler)}.
   *
   * @throws IllegalStateException when the status is terminal
   */
  void markProcessing(ActorStatus.Processing processing, long startNanos) {
    PROCESSING_START.setRelease(this, startNanos);
    if (status != processing) {
      changeStatus(processing);
    }
  }

  /** Sets {@code terminal} unless the status is already terminal; returns whether it did. */
  boolean forceTerminal(ActorStatus terminal) {
    while (true) {
      ActorStatus prev = status;
      if (prev.isTerminal()) {
        return false;
      }
      if (STATUS.compareAndSet(this, prev, terminal)) {
        afterChange(prev, terminal);
        return true;
      }
    }
  }

  private void afterChange(ActorStatus prev, ActorStatus next) {
    if (!(next instanceof ActorStatus.Idle || next instanceof ActorStatus.Processing)
        && !prev.equals(next)
        && log.isDebugEnabled()) {
      log.debug("{}: ActorStatus {} (was {})", actorId(), next, prev.arm());
    }
    Extras e = extras;
    if (e != null && e.waiters > 0) {
      // A waiter makes the lock before it counts itself, so both are here.
      ReentrantLock lock = checkNotNull(e.waitLock, "waitLock");
      lock.lock();
      try {
        checkNotNull(e.changed, "changed").signalAll();
      } finally {
        lock.unlock();
      }
    }
    // A managed actor completes its termination itself, after reporting to its parent, so that
    // whoever awaits it also sees the tree and the supervision event settled.
    if (next.isTerminal() && task == null) {
      completeTermination(next);
    }
  }

  void completeTermination() {
    completeTermination(status);
  }

  private void completeTermination(ActorStatus terminal) {
    Extras e = extras();
    Object t = e.termination;
    while (true) {
      if (t instanceof CompletableFuture<?> f) {
        @SuppressWarnings("unchecked") // Only termination() stores a future, of this type.
        CompletableFuture<ActorStatus> future = (CompletableFuture<ActorStatus>) f;
        future.complete(terminal);
        return;
      }
      if (t != null) {
        return;
      }
      t = Extras.TERMINATION.compareAndExchange(e, (Object) null, (Object) terminal);
      if (t == null) {
        return;
      }
    }
  }

  /**
   * The future of the terminal status. The future is made only when someone asks before the
   * instance has terminated; after that each caller gets a completed one.
   */
  CompletableFuture<ActorStatus> termination() {
    Extras e = extras();
    Object t = e.termination;
    while (true) {
      if (t instanceof CompletableFuture<?> f) {
        @SuppressWarnings("unchecked") // Only this method stores a future, of this type.
        CompletableFuture<ActorStatus> future = (CompletableFuture<ActorStatus>) f;
        return future;
      }
      if (t instanceof ActorStatus s) {
        return CompletableFuture.completedFuture(s);
      }
      CompletableFuture<ActorStatus> made = new CompletableFuture<>();
      t = Extras.TERMINATION.compareAndExchange(e, (Object) null, (Object) made);
      if (t == null) {
        return made;
      }
    }
  }

  void setSupervisionEvent(ActorSupervisionEvent event) {
    Extras e = extras();
    checkState(
        e.supervisionEvent == null, "%s: supervision event is written at most once", actorId());
    e.supervisionEvent = event;
  }

  // ------------------------------------------------------------------ introspection port

  /**
   * Answers a query sent to the introspection port, on the querying thread; queries that arrive
   * before init has run (and registered, say, a query-child handler) are answered right after it.
   *
   * <p>The cell is that port's sink: it has everything an answer needs, and a sink object would
   * be per-actor memory. The sink must not be the instance: a client instance is closed by a
   * Cleaner when it becomes unreachable, and the mailbox, reachable from the proc, holds the sink.
   */
  @Override
  public void deliver(
      Object message,
      ImmutableMap<String, String> headers,
      SeqInfo seq,
      @Nullable Object sender) {
    if (!(message instanceof IntrospectMessage query)) {
      throw new IllegalArgumentException(
          "introspection port of "
              + actorId()
              + " expects an IntrospectMessage, got "
              + message.getClass().getName());
    }
    Runnable answer =
        () ->
            Introspection.answer(
                this,
                query,
                (dest, reply) ->
                    AbstractInstance.post(proc(), actorId(), sequencer(), dest, reply));
    if (!deferUntilStarted(answer)) {
      answer.run();
    }
  }

  // ------------------------------------------------------------------ supervision

  /**
   * Forgets the ordering state this instance keeps for {@code child}, which has terminated: the
   * counter that numbered its messages to the child and the session of the child's messages to
   * it. A parent that spawns many short-lived children would otherwise keep both for every child
   * it ever had. Called by the child after its last message was accepted here.
   */
  void forgetTerminatedChild(InstanceCell child) {
    sequencer().forget(child.actorId());
    ManagedInstance<?> t = task;
    if (t != null) {
      t.forgetSender(child.sequencer().session());
    }
  }

  /** Delivers a signal to this instance's loop; false when it has no loop or it terminated. */
  boolean signal(Signal signal) {
    PortSink sink = hasFlags(HAS_LOOP) ? sink(PortId.SIGNAL_INDEX) : null;
    if (sink == null || isClosed()) {
      return false;
    }
    try {
      sink.deliver(PortId.SIGNAL_INDEX, signal, ImmutableMap.of(), SeqInfo.DIRECT, null);
      return true;
    } catch (MailboxSenderException e) {
      return false;
    }
  }

  /**
   * Delivers a child's supervision event; when that fails, a failure event ends the process
   * (nobody is left to handle it) and a clean-stop event is dropped.
   */
  void sendSupervisionEventOrCrash(ActorSupervisionEvent event) {
    PortSink sink = hasFlags(HAS_LOOP) ? sink(PortId.FIRST_DYNAMIC_INDEX) : null;
    if (sink != null && !isClosed()) {
      try {
        sink.deliver(PortId.FIRST_DYNAMIC_INDEX, event, ImmutableMap.of(), SeqInfo.DIRECT, null);
        return;
      } catch (MailboxSenderException e) {
        // fall through
      }
    }
    if (event.isError()) {
      if (proc().isDestroying()) {
        // The proc's own rule for failures nobody handles: the destroy ends every actor anyway,
        // and exiting would also end the JVM's other procs. A child can fail after its parent
        // stopped, e.g. when the runtime's timers close while it is still initializing.
        log.warn(
            "{}: child failed while the proc is being destroyed, parent not receiving: {}",
            actorId(),
            event);
        return;
      }
      log.error(
          "{}: could not deliver failure supervision event from child to parent; crashing: {}",
          actorId(),
          event);
      proc().exit(1);
    } else {
      log.debug(
          "{}: dropping clean-stop supervision event {}: parent not receiving", actorId(), event);
    }
  }

  // The counters below are written by the actor's own loop only. Release stores publish them to
  // introspection readers without the full fence of a volatile store on every message.

  /** A work item taken off a managed actor's queue. */
  void recordReceived() {
    Counters c = counters;
    if (c != null || (c = countFirst(FirstCounts.RECEIVED, FirstCounts.RECEIVED)) != null) {
      c.recordReceived();
    }
  }

  void recordProcessed() {
    Counters c = counters;
    if (c != null || (c = countFirst(FirstCounts.PROCESSED, FirstCounts.PROCESSED)) != null) {
      c.recordProcessed();
    }
  }

  /** The loop ran a handler for {@code info}. */
  void noteHandler(HandlerInfo info) {
    if (LAST_HANDLER.get(this) != info) {
      LAST_HANDLER.setRelease(this, info);
    }
  }

  /**
   * The loop ran {@code handlers} handlers in {@code nanos} ({@link System#nanoTime} units), the
   * last ending at {@code endNanos}: one interval, timed by two clock readings.
   */
  void recordHandlers(int handlers, long nanos, long endNanos) {
    LAST_HANDLER_END.setRelease(this, endNanos);
    Counters c = counters;
    if (c == null) {
      long first = (long) FIRST_COUNTS.get(this);
      if (handlers == 1 && (first & FirstCounts.HANDLED) == 0) {
        FIRST_COUNTS.setRelease(
            this, first | FirstCounts.HANDLED | (nanos << FirstCounts.NANOS_SHIFT));
        return;
      }
      c = new Counters(first);
      counters = c;
    }
    c.recordHandlers(handlers, nanos);
  }

  /**
   * Counts the first of the counts {@code bit} names in {@link #firstCounts} (adding {@code bits},
   * that bit and what goes with it) and returns null; when that count is past one already, the
   * loop moves the first counts to a counters object and returns it, to count there from now on.
   */
  private @Nullable Counters countFirst(long bit, long bits) {
    long first = (long) FIRST_COUNTS.get(this);
    if ((first & bit) == 0) {
      FIRST_COUNTS.setRelease(this, first | bits);
      return null;
    }
    Counters c = new Counters(first);
    counters = c;
    return c;
  }

  long messagesReceived() {
    Counters c = counters;
    return c != null ? c.received : firstCounts & FirstCounts.RECEIVED;
  }

  /** Work items queued and not yet taken; 0 for an instance without a message loop. */
  long queueSize() {
    ManagedInstance<?> t = task;
    return t == null ? 0 : t.workDepth();
  }

  long handlerCount() {
    Counters c = counters;
    return c != null ? c.handlerCount : (firstCounts & FirstCounts.HANDLED) >>> 2;
  }

  long handlerTotalNanos() {
    Counters c = counters;
    return c != null ? c.handlerTotalNanos : firstCounts >>> FirstCounts.NANOS_SHIFT;
  }

  long handlerMaxNanos() {
    Counters c = counters;
    return c != null ? c.handlerMaxNanos : firstCounts >>> FirstCounts.NANOS_SHIFT;
  }

  void setPublishedAttrs(ImmutableMap<String, String> attrs) {
    extras().publishedAttrs = attrs;
  }

  synchronized void mergePublishedAttr(String key, String value) {
    Extras e = extras();
    ImmutableMap<String, String> cur = e.publishedAttrs;
    e.publishedAttrs =
        ImmutableMap.<String, String>builder()
            .putAll(cur == null ? ImmutableMap.of() : cur)
            .put(key, value)
            .buildKeepingLast();
  }

  void setQueryChildHandler(Function<String, IntrospectResult> handler) {
    extras().queryChildHandler = handler;
  }

  Optional<IntrospectResult> queryChild(String ref) {
    Extras e = extras;
    Function<String, IntrospectResult> h = e == null ? null : e.queryChildHandler;
    return h == null ? Optional.empty() : Optional.of(h.apply(ref));
  }

  void setSystem() {
    setFlags(SYSTEM);
  }

  // ------------------------------------------------------------------ ActorCell

  @Override
  public ActorStatus status() {
    ActorStatus s = status;
    if (s instanceof ActorStatus.Processing p) {
      Instant since =
          ManagedInstance.wallClockAt((long) PROCESSING_START.getAcquire(this));
      if (!since.equals(p.since())) {
        return new ActorStatus.Processing(since, p.handler());
      }
    }
    return s;
  }

  @Override
  public ActorStatus awaitStatus(Predicate<ActorStatus> condition, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock lock;
    Condition cond;
    Extras e;
    synchronized (this) {
      e = extras();
      if (e.waitLock == null) {
        ReentrantLock created = new ReentrantLock();
        e.changed = created.newCondition();
        e.waitLock = created;
      }
      lock = checkNotNull(e.waitLock, "waitLock");
      cond = checkNotNull(e.changed, "changed");
      // Counted under the cell's lock, so the count is never lost to a concurrent waiter.
      e.waiters++;
    }
    lock.lock();
    try {
      while (true) {
        ActorStatus s = status();
        if (condition.test(s)) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "status of " + actorId() + " did not reach the expected state within " + timeout
                  + "; last status: " + s);
        }
        cond.awaitNanos(left);
      }
    } finally {
      lock.unlock();
      synchronized (this) {
        e.waiters--;
      }
    }
  }

  @Override
  public Optional<ActorCell> parent() {
    InstanceCell p = parent == null ? null : parent.get();
    if (p == null || !p.hasChild(actorId().pid())) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  @Override
  public int childCount() {
    ChildTable c = children();
    return c == null ? 0 : c.size();
  }

  @Override
  public ImmutableList<ActorId> childActorIds() {
    ChildTable c = children();
    if (c == null || c.size() == 0) {
      // Most actors have no children; a stopped one's snapshot asks for them.
      return ImmutableList.of();
    }
    return c.sortedCells().stream()
        .map(InstanceCell::actorId)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public Optional<ActorSupervisionEvent> supervisionEvent() {
    Extras e = extras;
    return Optional.ofNullable(e == null ? null : e.supervisionEvent);
  }

  @Override
  public String actorTypeName() {
    Extras e = extras;
    String name = e == null ? null : e.typeName;
    return name != null ? name : actorClass().getName();
  }

  @Override
  public Instant createdAt() {
    // The session id is stamped with the creation time (SessionIds): no field of its own.
    return SessionIds.timeOf(session());
  }

  @Override
  public long numProcessedMessages() {
    Counters c = counters;
    return c != null ? c.processed : (firstCounts & FirstCounts.PROCESSED) >>> 1;
  }

  @Override
  public long totalProcessingTimeMicros() {
    return TimeUnit.NANOSECONDS.toMicros(handlerTotalNanos());
  }

  @Override
  public Optional<Instant> lastHandlerAt() {
    if (handlerCount() == 0) {
      return Optional.empty();
    }
    long ago = System.nanoTime() - lastHandlerEndNanos;
    return Optional.of(Instant.now().minusNanos(Math.max(0, ago)));
  }

  @Override
  public Optional<HandlerInfo> lastMessageHandler() {
    return Optional.ofNullable(lastHandler);
  }

  @Override
  public Optional<Map<String, String>> publishedAttrs() {
    Extras e = extras;
    return Optional.ofNullable(e == null ? null : e.publishedAttrs);
  }

  @Override
  public boolean isSystem() {
    return hasFlags(SYSTEM);
  }

  @Override
  public FlightRecorder recorder() {
    Extras e = extras();
    FlightRecorderImpl r = e.recorder;
    if (r == null) {
      synchronized (this) {
        r = e.recorder;
        if (r == null) {
          r = new FlightRecorderImpl(actorId());
          e.recorder = r;
        }
      }
    }
    return r;
  }

  @Override
  public ActorMetrics metrics() {
    return new ActorMetricsImpl(this);
  }

  @Override
  public String toString() {
    return "InstanceCell{" + actorId() + ", " + actorTypeName() + "}";
  }
}
