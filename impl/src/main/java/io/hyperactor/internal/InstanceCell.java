package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorMetrics;
import io.hyperactor.FlightRecorder;
import io.hyperactor.IntrospectResult;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.SeqInfo;
import io.hyperactor.Signal;
import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
 */
final class InstanceCell implements ActorCell {
  private static final Logger log = LoggerFactory.getLogger(InstanceCell.class);
  private static final VarHandle STATUS;
  private static final VarHandle PROCESSED;
  private static final VarHandle TOTAL_MICROS;
  private static final VarHandle LAST_HANDLER;
  private static final VarHandle WAITERS;
  private static final VarHandle RECEIVED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATUS = l.findVarHandle(InstanceCell.class, "status", ActorStatus.class);
      PROCESSED = l.findVarHandle(InstanceCell.class, "processed", long.class);
      TOTAL_MICROS = l.findVarHandle(InstanceCell.class, "totalProcessingMicros", long.class);
      LAST_HANDLER = l.findVarHandle(InstanceCell.class, "lastHandler", HandlerInfo.class);
      WAITERS = l.findVarHandle(InstanceCell.class, "waiters", int.class);
      RECEIVED = l.findVarHandle(InstanceCell.class, "received", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ActorId actorId;
  private final String actorTypeName;
  private final Class<?> actorClass;
  private final ProcImpl proc;
  private final MailboxImpl mailbox;
  private final @Nullable WeakReference<InstanceCell> parent;
  // Created when the first child links: most actors never have one, and this is per-actor memory.
  private volatile @Nullable ConcurrentHashMap<Long, InstanceCell> children;
  // Epoch nanoseconds rather than an Instant: 8 bytes instead of a 24-byte object per actor.
  private final long createdAtNanos = epochNanosNow();
  private final CompletableFuture<ActorStatus> termination = new CompletableFuture<>();
  // Made on first use: most actors never record an event, and its ring is per-actor memory.
  private volatile @Nullable FlightRecorderImpl recorder;
  private final ActorMetricsImpl metrics = new ActorMetricsImpl();
  // Status waiters are rare: the lock and condition are made by the first one.
  private volatile @Nullable ReentrantLock waitLock;
  private volatile @Nullable Condition changed;
  private volatile int waiters;

  private volatile ActorStatus status = ActorStatus.CREATED;
  private volatile @Nullable ActorSupervisionEvent supervisionEvent;
  private volatile @Nullable PortSink signalSink;
  private volatile @Nullable PortSink supervisionSink;
  private volatile @Nullable ActorHandleImpl<?> handle;
  private volatile @Nullable ManagedInstance<?> task;
  private volatile boolean introspectable;
  private volatile long processed;
  private volatile long received;
  private volatile long totalProcessingMicros;
  private volatile @Nullable HandlerInfo lastHandler;
  private volatile @Nullable ImmutableMap<String, String> publishedAttrs;
  private volatile @Nullable Function<String, IntrospectResult> queryChildHandler;
  private volatile boolean system;
  private volatile @Nullable LongSupplier queueDepth;
  private final Object startLock = new Object();
  private boolean started;
  private @Nullable List<Runnable> deferredUntilStarted;

  InstanceCell(
      ActorId actorId,
      String actorTypeName,
      Class<?> actorClass,
      ProcImpl proc,
      MailboxImpl mailbox,
      @Nullable InstanceCell parent) {
    this.actorId = actorId;
    this.actorTypeName = actorTypeName;
    this.actorClass = actorClass;
    this.proc = proc;
    this.mailbox = mailbox;
    this.parent = parent == null ? null : new WeakReference<>(parent);
  }

  private static long epochNanosNow() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ------------------------------------------------------------------ wiring

  void setLoopSinks(PortSink signal, PortSink supervision) {
    this.signalSink = signal;
    this.supervisionSink = supervision;
  }

  void setHandle(ActorHandleImpl<?> handle) {
    this.handle = handle;
  }

  @Nullable ActorHandleImpl<?> handleImpl() {
    return handle;
  }

  void setTask(ManagedInstance<?> task) {
    this.task = task;
  }

  @Nullable ManagedInstance<?> task() {
    return task;
  }

  void setIntrospectable() {
    this.introspectable = true;
  }

  boolean introspectable() {
    return introspectable;
  }

  MailboxImpl mailbox() {
    return mailbox;
  }

  ProcImpl proc() {
    return proc;
  }

  Class<?> actorClass() {
    return actorClass;
  }

  /** Links this cell under its parent, which must be on the same proc. */
  void linkToParent() {
    InstanceCell p = parent == null ? null : parent.get();
    if (p != null) {
      checkState(
          p.actorId.procId().equals(actorId.procId()),
          "parent %s and child %s must be on the same proc",
          p.actorId,
          actorId);
      p.childMap().put(actorId.pid(), this);
    }
  }

  /** Unlinks from the parent; returns the parent only if this call removed the link. */
  @Nullable InstanceCell maybeUnlinkParent() {
    InstanceCell p = parent == null ? null : parent.get();
    ConcurrentHashMap<Long, InstanceCell> siblings = p == null ? null : p.children;
    if (siblings != null && siblings.remove(actorId.pid(), this)) {
      return p;
    }
    return null;
  }

  private ConcurrentHashMap<Long, InstanceCell> childMap() {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    if (c == null) {
      synchronized (startLock) {
        c = children;
        if (c == null) {
          c = new ConcurrentHashMap<>();
          children = c;
        }
      }
    }
    return c;
  }

  void unlink(InstanceCell child) {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    if (c != null) {
      c.remove(child.actorId.pid(), child);
    }
  }

  void unlinkAll() {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    if (c != null) {
      c.clear();
    }
  }

  boolean hasChild(long pid) {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    return c != null && c.containsKey(pid);
  }

  List<InstanceCell> childCells() {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    if (c == null) {
      return new ArrayList<>();
    }
    List<InstanceCell> out = new ArrayList<>(c.values());
    out.sort(Comparator.comparingLong(child -> child.actorId.pid()));
    return out;
  }

  /**
   * Runs {@code task} once the instance has started (a managed actor's {@code init} has returned);
   * returns false, without running it, when the instance has already started.
   */
  boolean deferUntilStarted(Runnable task) {
    synchronized (startLock) {
      if (started) {
        return false;
      }
      if (deferredUntilStarted == null) {
        deferredUntilStarted = new ArrayList<>();
      }
      deferredUntilStarted.add(task);
      return true;
    }
  }

  /** Marks the instance started and runs what was deferred until then. */
  void markStarted() {
    List<Runnable> tasks;
    synchronized (startLock) {
      if (started) {
        return;
      }
      started = true;
      tasks = deferredUntilStarted;
      deferredUntilStarted = null;
    }
    if (tasks != null) {
      for (Runnable task : tasks) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("{}: deferred introspection query failed", actorId, e);
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
      log.debug("{}: ActorStatus {} (was {})", actorId, next, prev.arm());
    }
    if (waiters > 0) {
      // A waiter makes the lock before it counts itself, so both are here.
      ReentrantLock lock = checkNotNull(waitLock, "waitLock");
      lock.lock();
      try {
        checkNotNull(changed, "changed").signalAll();
      } finally {
        lock.unlock();
      }
    }
    // A managed actor completes its termination itself, after reporting to its parent, so that
    // whoever awaits it also sees the tree and the supervision event settled.
    if (next.isTerminal() && task == null) {
      termination.complete(next);
    }
  }

  void completeTermination() {
    termination.complete(status);
  }

  CompletableFuture<ActorStatus> termination() {
    return termination;
  }

  void setSupervisionEvent(ActorSupervisionEvent event) {
    checkState(
        supervisionEvent == null, "%s: supervision event is written at most once", actorId);
    supervisionEvent = event;
  }

  // ------------------------------------------------------------------ supervision

  /** Delivers a signal to this instance's loop; false when it has no loop or it terminated. */
  boolean signal(Signal signal) {
    PortSink sink = signalSink;
    if (sink == null || mailbox.isClosed()) {
      return false;
    }
    try {
      sink.deliver(signal, ImmutableMap.of(), SeqInfo.DIRECT, null);
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
    PortSink sink = supervisionSink;
    if (sink != null && !mailbox.isClosed()) {
      try {
        sink.deliver(event, ImmutableMap.of(), SeqInfo.DIRECT, null);
        return;
      } catch (MailboxSenderException e) {
        // fall through
      }
    }
    if (event.isError()) {
      log.error(
          "{}: could not deliver failure supervision event from child to parent; crashing: {}",
          actorId,
          event);
      proc.exit(1);
    } else {
      log.debug("{}: dropping clean-stop supervision event {}: parent not receiving", actorId, event);
    }
  }

  // The counters below are written by the actor's own loop only. Release stores publish them to
  // introspection readers without the full fence of a volatile store on every message.

  /** A work item taken off a managed actor's queue. */
  void recordReceived() {
    RECEIVED.setRelease(this, (long) RECEIVED.get(this) + 1);
  }

  void recordProcessed() {
    PROCESSED.setRelease(this, (long) PROCESSED.get(this) + 1);
  }

  void recordHandler(HandlerInfo info, long nanos) {
    if (LAST_HANDLER.get(this) != info) {
      LAST_HANDLER.setRelease(this, info);
    }
    TOTAL_MICROS.setRelease(
        this, (long) TOTAL_MICROS.get(this) + TimeUnit.NANOSECONDS.toMicros(nanos));
    metrics.handlerDuration(nanos);
  }

  ActorMetricsImpl metricsImpl() {
    return metrics;
  }

  /**
   * Makes {@link ActorMetrics#queueSize} read the loop's queue, and messages received come from
   * {@link #recordReceived}, instead of counters that every sender would contend on.
   */
  void setQueueDepth(LongSupplier depth) {
    queueDepth = depth;
  }

  void setPublishedAttrs(ImmutableMap<String, String> attrs) {
    publishedAttrs = attrs;
  }

  synchronized void mergePublishedAttr(String key, String value) {
    ImmutableMap<String, String> cur = publishedAttrs;
    publishedAttrs =
        ImmutableMap.<String, String>builder()
            .putAll(cur == null ? ImmutableMap.of() : cur)
            .put(key, value)
            .buildKeepingLast();
  }

  void setQueryChildHandler(Function<String, IntrospectResult> handler) {
    queryChildHandler = handler;
  }

  Optional<IntrospectResult> queryChild(String ref) {
    Function<String, IntrospectResult> h = queryChildHandler;
    return h == null ? Optional.empty() : Optional.of(h.apply(ref));
  }

  void setSystem() {
    system = true;
  }

  // ------------------------------------------------------------------ ActorCell

  @Override
  public ActorId actorId() {
    return actorId;
  }

  @Override
  public ActorStatus status() {
    return status;
  }

  @Override
  public ActorStatus awaitStatus(Predicate<ActorStatus> condition, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ReentrantLock lock;
    Condition cond;
    synchronized (startLock) {
      if (waitLock == null) {
        ReentrantLock created = new ReentrantLock();
        changed = created.newCondition();
        waitLock = created;
      }
      lock = checkNotNull(waitLock, "waitLock");
      cond = checkNotNull(changed, "changed");
    }
    WAITERS.getAndAdd(this, 1);
    lock.lock();
    try {
      while (true) {
        ActorStatus s = status;
        if (condition.test(s)) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "status of " + actorId + " did not reach the expected state within " + timeout
                  + "; last status: " + s);
        }
        cond.awaitNanos(left);
      }
    } finally {
      lock.unlock();
      WAITERS.getAndAdd(this, -1);
    }
  }

  @Override
  public Optional<ActorCell> parent() {
    InstanceCell p = parent == null ? null : parent.get();
    if (p == null || !p.hasChild(actorId.pid())) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  @Override
  public int childCount() {
    ConcurrentHashMap<Long, InstanceCell> c = children;
    return c == null ? 0 : c.size();
  }

  @Override
  public ImmutableList<ActorId> childActorIds() {
    return childCells().stream().map(InstanceCell::actorId).collect(ImmutableList.toImmutableList());
  }

  @Override
  public Optional<ActorSupervisionEvent> supervisionEvent() {
    return Optional.ofNullable(supervisionEvent);
  }

  @Override
  public String actorTypeName() {
    return actorTypeName;
  }

  @Override
  public Instant createdAt() {
    return Instant.ofEpochSecond(0, createdAtNanos);
  }

  @Override
  public long numProcessedMessages() {
    return processed;
  }

  @Override
  public long totalProcessingTimeMicros() {
    return totalProcessingMicros;
  }

  @Override
  public Optional<HandlerInfo> lastMessageHandler() {
    return Optional.ofNullable(lastHandler);
  }

  @Override
  public Optional<ImmutableMap<String, String>> publishedAttrs() {
    return Optional.ofNullable(publishedAttrs);
  }

  @Override
  public boolean isSystem() {
    return system;
  }

  @Override
  public FlightRecorder recorder() {
    FlightRecorderImpl r = recorder;
    if (r == null) {
      synchronized (startLock) {
        r = recorder;
        if (r == null) {
          r = new FlightRecorderImpl(actorId);
          recorder = r;
        }
      }
    }
    return r;
  }

  @Override
  public ActorMetrics metrics() {
    LongSupplier depth = queueDepth;
    if (depth == null) {
      return metrics;
    }
    ActorMetricsImpl m = metrics;
    return new ActorMetrics() {
      @Override
      public long messagesReceived() {
        return received;
      }

      @Override
      public long queueSize() {
        return depth.getAsLong();
      }

      @Override
      public long handlerCount() {
        return m.handlerCount();
      }

      @Override
      public long handlerTotalNanos() {
        return m.handlerTotalNanos();
      }

      @Override
      public long handlerMaxNanos() {
        return m.handlerMaxNanos();
      }
    };
  }

  @Override
  public String toString() {
    return "InstanceCell{" + actorId + ", " + actorTypeName + "}";
  }
}
