package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.ActorInstance;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.DestroyResult;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSender;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortHandle;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Signal;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.DispatcherKind;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.Unreturned;
import io.hyperactor.mesh.accum.ReducerRegistry;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proc: id allocation, the instance registry (which doubles as the mailbox muxer), routing,
 * snapshots, the supervision coordinator and teardown.
 *
 * <p>Longer than most classes: it is the one coordination point the upstream {@code Proc} is, and
 * its parts (spawn paths, routing, supervision sink, teardown) share the id counters and the
 * registry. Thread-safe.
 */
final class ProcImpl implements Proc {
  private static final Logger log = LoggerFactory.getLogger(ProcImpl.class);

  private final ProcId procId;
  /** The proc id as log lines' MDC shows it: one string shared by all its actors. */
  private final String procIdText;
  private final MailboxSender forwarder;
  private final RuntimeServices services;
  private final HyperactorConfig config;
  private final IntConsumer exitHook;
  private final ConcurrentHashMap<String, AtomicLong> roots = new ConcurrentHashMap<>();
  private final InstanceRegistry instances = new InstanceRegistry();
  private final SnapshotStore snapshots = new SnapshotStore();
  private final AtomicReference<@Nullable PortHandle<ActorSupervisionEvent>> coordinator =
      new AtomicReference<>();
  private final List<Runnable> teardownActions = new ArrayList<>();
  private final ProcTimer timer;
  private final ReducerRegistry reducers = ReducerRegistry.builtins();
  private final Telemetry telemetry;
  /** The proc's asynchronous metrics; null while the telemetry exports none. */
  private final @Nullable ProcMetrics metrics;
  // The last id object other than procId found equal to it (see isThisProc).
  private volatile @Nullable ProcId equalProcId;
  /** Set once a destroy starts: from then on, an actor failure no longer ends the process. */
  private volatile boolean destroying;
  // The reorder policy all the proc's buffers share, with the configured delivery timeout it was
  // made from; made anew when that setting changes.
  private volatile @Nullable ReorderPolicyOf reorderPolicy;

  private record ReorderPolicyOf(Duration deliveryTimeout, ReorderBuffer.Policy policy) {}

  ProcImpl(
      ProcId procId,
      @Nullable MailboxSender forwarder,
      RuntimeServices services,
      IntConsumer exitHook) {
    this.procId = checkNotNull(procId, "procId");
    this.procIdText = procId.toString();
    this.services = checkNotNull(services, "services");
    this.config = services.config();
    this.exitHook = checkNotNull(exitHook, "exitHook");
    this.timer = new ProcTimer(procId, services.scheduler());
    this.telemetry = services.telemetry();
    if (telemetry.metricsOn()) {
      ProcMetrics m = new ProcMetrics(telemetry, procIdText, instances);
      this.metrics = m;
      onTeardown(m::close);
    } else {
      this.metrics = null;
    }
    this.forwarder =
        forwarder != null
            ? forwarder
            : new InJvmFirst(
                services,
                envelope ->
                    returnUndeliverable(
                        envelope,
                        new DeliveryError(
                            DeliveryError.Kind.UNROUTABLE,
                            "proc "
                                + procId
                                + " is local-only and cannot reach "
                                + envelope.dest().actorId().procId())));
    log.debug("ProcStatus Created: {}", procId);
  }

  // ------------------------------------------------------------------ settings

  /** The actor system's services this proc runs on. */
  RuntimeServices services() {
    return services;
  }

  Duration cleanupTimeout() {
    return config.get(HyperactorAttrs.CLEANUP_TIMEOUT);
  }

  int defaultTtl() {
    return (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT));
  }

  /** What split ports opened on this proc read: its reducers, timer and buffer settings. */
  SplitPorts.Settings splitPortSettings() {
    return new SplitPorts.Settings(
        reducers,
        timer,
        config.get(HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE),
        config.get(HyperactorAttrs.SPLIT_MAX_BUFFER_AGE));
  }

  void exit(int code) {
    exitHook.accept(code);
  }

  // ------------------------------------------------------------------ ids

  ActorId allocateRootId(String name) {
    ActorId id = new ActorId(procId, name, 0);
    if (roots.putIfAbsent(name, new AtomicLong(1)) != null) {
      throw new IllegalArgumentException(
          "an actor with name '" + name + "' has already been spawned");
    }
    return id;
  }

  ActorId allocateChildId(ActorId parent) {
    checkArgument(
        parent.procId().equals(procId),
        "parent %s is not on proc %s; children are spawned on their parent's proc",
        parent,
        procId);
    AtomicLong counter = roots.get(parent.name());
    checkArgument(counter != null, "no actor named %s in proc %s", parent.name(), procId);
    return parent.childId(counter.getAndIncrement());
  }

  /** The proc id as text, computed once. */
  String procIdText() {
    return procIdText;
  }

  ActorId allocateNamedChildId(ActorId parent, String name) {
    ActorId child = allocateChildId(parent);
    return new ActorId(procId, name, child.pid());
  }

  // ------------------------------------------------------------------ registry

  private void register(InstanceCell cell) {
    instances.register(cell);
  }

  /** Drops the registry's strong reference of a terminated instance. */
  void release(InstanceCell cell) {
    ProcMetrics m = metrics;
    if (m != null) {
      m.release(cell);
    } else {
      instances.release(cell);
    }
  }

  Telemetry telemetry() {
    return telemetry;
  }

  /** The attributes of {@code cell}'s metrics; null while the telemetry exports none. */
  @Nullable Attributes metricAttributes(InstanceCell cell) {
    ProcMetrics m = metrics;
    return m == null ? null : m.attributesOf(cell);
  }

  /**
   * Whether {@code id} is this proc's id. A decoder hands out the same id objects for a run of
   * envelopes with the same text, so the last equal object is remembered: one comparison of the
   * ids (through their channel addresses) serves the run.
   */
  private boolean isThisProc(ProcId id) {
    if (id == procId || id == equalProcId) {
      return true;
    }
    if (id.equals(procId)) {
      equalProcId = id;
      return true;
    }
    return false;
  }

  @Nullable InstanceCell lookup(ActorId id) {
    return instances.lookup(id);
  }

  int registeredCount() {
    return instances.size();
  }

  /** Whether a destroy has started: from then on, an actor failure no longer ends the process. */
  boolean isDestroying() {
    return destroying;
  }

  // ------------------------------------------------------------------ spawning

  /** Whether an actor spawned now gets a reorder buffer. */
  private boolean reorderingEnabled() {
    return config.get(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER);
  }

  /**
   * The policy of the proc's reorder buffers, asked for when a gap forms: how long a buffer waits
   * on a gap before it returns what it holds. A gap that lasts this long will not fill: each
   * channel hop returns a message it could not deliver within {@code message_delivery_timeout},
   * and twice that covers a relay through a host. One policy object serves every buffer of the
   * proc while the configured timeout stays the same.
   */
  ReorderBuffer.Policy reorderPolicy() {
    // Compared by identity: the config hands out the same value until the setting changes, and a
    // spawn should not pay for Duration's arithmetic (multipliedBy goes through BigDecimal).
    Duration deliveryTimeout = config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT);
    ReorderPolicyOf current = reorderPolicy;
    if (current == null || current.deliveryTimeout() != deliveryTimeout) {
      current =
          new ReorderPolicyOf(
              deliveryTimeout, ReorderBuffer.Policy.bounded(deliveryTimeout.multipliedBy(2)));
      reorderPolicy = current;
    }
    return current.policy();
  }

  private <M> ActorHandle<M> spawnInner(
      ActorId id, Actor<M> actor, @Nullable InstanceCell parent, Protocol protocol) {
    // A child runs on its parent's rank: its log lines belong to the same mesh member.
    ManagedInstance<?> parentTask = parent == null ? null : parent.task();
    return spawnInner(
        id, actor, parent, protocol, parentTask == null ? null : parentTask.rank());
  }

  private <M> ActorHandle<M> spawnInner(
      ActorId id,
      Actor<M> actor,
      @Nullable InstanceCell parent,
      Protocol protocol,
      @Nullable String rank) {
    ManagedInstance<M> instance =
        new ManagedInstance<>(
            this,
            id,
            actor,
            parent,
            protocol,
            reorderingEnabled(),
            config.get(HyperactorAttrs.ACTOR_DISPATCHER) == DispatcherKind.POOL
                && !ActorClassInfo.isBlocking(actor.getClass()),
            rank);
    instance.cell.linkToParent();
    register(instance.cell);
    instance.start();
    return instance.handleImpl();
  }

  @Override
  public <M> ActorHandle<M> spawn(String name, Actor<M> actor) {
    checkNotNull(actor, "actor");
    Protocol protocol = Protocol.of(actor);
    return spawnInner(allocateRootId(name), actor, null, protocol);
  }

  /**
   * Spawns a root actor that accepts only {@code messageTypes}, which must be within what the
   * actor itself declares: a remote spawn's registration narrows a generic actor's protocol.
   *
   * @throws IllegalArgumentException when a type is outside the actor's declared protocol
   */
  <M> ActorHandle<M> spawn(String name, Actor<M> actor, ImmutableSet<Class<?>> messageTypes) {
    return spawnRanked(name, actor, narrowedProtocol(actor, messageTypes), null);
  }

  /**
   * Spawns a root actor with {@code protocol} as a mesh member of rank {@code rank} (null: none),
   * which its log lines carry in the MDC.
   */
  <M> ActorHandle<M> spawnRanked(
      String name, Actor<M> actor, Protocol protocol, @Nullable String rank) {
    return spawnInner(allocateRootId(name), actor, null, protocol, rank);
  }

  /**
   * The protocol of {@code actor} narrowed to {@code messageTypes}.
   *
   * @throws IllegalArgumentException when a type is outside the actor's declared protocol
   */
  static Protocol narrowedProtocol(Actor<?> actor, ImmutableSet<Class<?>> messageTypes) {
    checkNotNull(actor, "actor");
    Protocol declared = Protocol.of(actor);
    Protocol narrowed = Protocol.of(messageTypes);
    checkArgument(
        narrowed.within(declared),
        "actor %s accepts %s, which does not include %s",
        actor.getClass().getName(),
        declared,
        narrowed);
    return narrowed;
  }

  <M> ActorHandle<M> spawnChild(InstanceCell parent, Actor<M> actor) {
    checkNotNull(actor, "actor");
    Protocol protocol = Protocol.of(actor);
    return spawnInner(allocateChildId(parent.actorId()), actor, parent, protocol);
  }

  <M> ActorHandle<M> spawnNamedChild(InstanceCell parent, String name, Actor<M> actor) {
    checkNotNull(actor, "actor");
    Protocol protocol = Protocol.of(actor);
    return spawnInner(allocateNamedChildId(parent.actorId(), name), actor, parent, protocol);
  }

  private ClientInstanceImpl newClient(ActorId id, @Nullable InstanceCell parent, boolean intro) {
    ClientInstanceImpl client = new ClientInstanceImpl(this, id, parent, intro);
    client.cell.linkToParent();
    register(client.cell);
    client.activate();
    return client;
  }

  @Override
  public ClientInstance instance(String name) {
    return newClient(allocateRootId(name), null, false);
  }

  @Override
  public ClientInstance introspectableInstance(String name) {
    return newClient(allocateRootId(name), null, true);
  }

  ClientInstance childInstance(InstanceCell parent) {
    return newClient(allocateChildId(parent.actorId()), parent, false);
  }

  @Override
  public <M> ActorInstance<M> actorInstance(String name) {
    ClientInstanceImpl client = new ClientInstanceImpl(this, allocateRootId(name), null, true);
    PortReceiverImpl<M> work = new PortReceiverImpl<>(client.cell, PortId.HANDLER_INDEX);
    client.cell.bind(PortId.HANDLER_INDEX, work);
    PortReceiverImpl<Signal> signal =
        new PortReceiverImpl<>(
            client.cell, PortId.SIGNAL_INDEX, Protocol.of(ImmutableSet.of(Signal.class)));
    client.cell.bind(PortId.SIGNAL_INDEX, signal);
    long supIndex = client.cell.allocateIndex();
    PortReceiverImpl<ActorSupervisionEvent> supervision =
        new PortReceiverImpl<>(
            client.cell, supIndex, Protocol.of(ImmutableSet.of(ActorSupervisionEvent.class)));
    client.cell.bind(supIndex, supervision);
    client.cell.setLoopSinks(signal, supervision);
    register(client.cell);
    client.activate();
    return new ActorInstance<>(
        client, new ActorHandleImpl<>(client.cell, work.handle()), supervision, signal, work);
  }

  // ------------------------------------------------------------------ routing

  @Override
  public ProcId procId() {
    return procId;
  }

  @Override
  public MailboxSender forwarder() {
    return forwarder;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    if (telemetry.tracingOn()) {
      envelope = withTraceContext(envelope);
    }
    ActorId dest = envelope.dest().actorId();
    if (!isThisProc(dest.procId())) {
      forwarder.post(envelope);
      return;
    }
    InstanceCell cell = instances.lookupLocal(dest, procId);
    if (cell == null) {
      returnUndeliverable(
          envelope,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE,
              "no mailbox for actor " + dest + " registered in muxer"));
      return;
    }
    cell.mailbox().postToOwner(envelope);
  }

  /** {@code envelope} with the calling thread's trace context in its headers, if it has one. */
  private MessageEnvelope withTraceContext(MessageEnvelope envelope) {
    // The envelope keeps its headers as an ImmutableMap, which copyOf returns as is.
    ImmutableMap<String, String> headers = ImmutableMap.copyOf(envelope.headers());
    ImmutableMap<String, String> traced = telemetry.inject(headers);
    return traced == headers
        ? envelope
        : new MessageEnvelope(
            envelope.sender(),
            envelope.dest(),
            traced,
            envelope.payload(),
            envelope.seqInfo(),
            envelope.ttl(),
            envelope.returnUndeliverable());
  }

  /** Returns {@code envelope} to its sender, or drops it when it must not be returned. */
  void returnUndeliverable(MessageEnvelope envelope, DeliveryError error) {
    telemetry.undeliverable(procIdText, error.kind());
    if (!envelope.returnUndeliverable()) {
      Unreturned.drop(log, envelope, error);
      return;
    }
    log.debug("returning undeliverable message {}: {}", envelope, error);
    post(
        new MessageEnvelope(
            envelope.dest().actorId(),
            envelope.sender().portId(PortId.UNDELIVERABLE_INDEX),
            ImmutableMap.of(),
            new Undeliverable(envelope, error),
            SeqInfo.DIRECT,
            // A fresh budget: the failed message may have spent all of its own hops.
            defaultTtl(),
            false));
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    forwarder.flush(timeout);
  }

  // ------------------------------------------------------------------ supervision

  @Override
  public void setSupervisionCoordinator(PortHandle<ActorSupervisionEvent> port) {
    checkNotNull(port, "port");
    PortHandle<ActorSupervisionEvent> existing = coordinator.compareAndExchange(null, port);
    checkState(existing == null, "coordinator port is already set to %s", existing);
  }

  @Override
  public Optional<ActorId> supervisionCoordinatorActorId() {
    PortHandle<ActorSupervisionEvent> port = coordinator.get();
    return port == null ? Optional.empty() : Optional.of(port.portId().actorId());
  }

  /** The root-level sink: every event goes to the coordinator; an unroutable failure ends us. */
  void handleUnhandledSupervisionEvent(ActorSupervisionEvent event) {
    PortHandle<ActorSupervisionEvent> port = coordinator.get();
    if (port != null) {
      try {
        port.send(event);
        return;
      } catch (MailboxSenderException e) {
        if (!event.isError()) {
          log.debug("dropping clean-stop event {}: coordinator gone: {}", event, e.getMessage());
          return;
        }
        log.error(
            "{}: could not propagate supervision event {} to the coordinator ({}); crashing",
            procId,
            event,
            e.getMessage());
        exit(1);
        return;
      }
    }
    if (event.isError()) {
      if (destroying) {
        // The destroy ends every actor anyway; exiting would also end the JVM's other procs. An
        // actor still draining when its peers on this proc stopped can fail on their bounces.
        log.warn("{}: actor failed while the proc is being destroyed: {}", procId, event);
        return;
      }
      log.error(
          "{}: unhandled supervision event with no supervision coordinator; crashing: {}",
          procId,
          event);
      exit(1);
    }
  }

  // ------------------------------------------------------------------ lookups

  @Override
  public Optional<ActorCell> getInstance(ActorId id) {
    return Optional.ofNullable(lookup(id));
  }

  @Override
  public ImmutableList<ActorId> rootActorIds() {
    return instances.rootIds();
  }

  @Override
  public ImmutableList<ActorId> allActorIds() {
    return instances.liveIds();
  }

  @Override
  public ImmutableList<ActorId> allInstanceKeys() {
    return instances.keys();
  }

  void storeTerminatedSnapshot(InstanceCell cell) {
    if (cell.introspectable()) {
      long retention = config.get(HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION);
      if (retention > 0) {
        snapshots.store(cell.actorId(), ActorSnapshot.of(cell), retention);
      } else {
        snapshots.evictTo(0);
      }
    }
  }

  @Override
  public Optional<io.hyperactor.IntrospectResult> terminatedSnapshot(ActorId id) {
    return snapshots.get(id);
  }

  @Override
  public ImmutableList<ActorId> allTerminatedActorIds() {
    return ImmutableList.copyOf(snapshots.ids());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <M> Optional<ActorHandle<M>> resolveActorRef(
      ActorRef<M> ref, Class<? extends Actor<M>> actorType) {
    InstanceCell cell = lookup(ref.actorId());
    if (cell == null
        || cell.status().isTerminal()
        || !actorType.isAssignableFrom(cell.actorClass())) {
      return Optional.empty();
    }
    return Optional.ofNullable((ActorHandle<M>) cell.handleImpl());
  }

  // ------------------------------------------------------------------ stopping

  @Override
  public Optional<CompletableFuture<ActorStatus>> stopActor(ActorId id, String reason) {
    InstanceCell cell = lookup(id);
    if (cell == null) {
      log.error("{}: cannot stop {}: no such actor", procId, id);
      return Optional.empty();
    }
    if (!cell.signal(new Signal.DrainAndStop(reason))) {
      if (!cell.status().isTerminal()) {
        log.debug("{}: cannot signal {} to stop (no message loop)", procId, id);
        return Optional.empty();
      }
    }
    return Optional.of(cell.termination());
  }

  /** Aborts a root's task; a client (no task) is left alone. */
  private void abortActor(ActorId id) {
    InstanceCell cell = lookup(id);
    ManagedInstance<?> task = cell == null ? null : cell.task();
    if (task != null) {
      task.abortTask();
    }
  }

  @Override
  public DestroyResult destroyAndWait(
      Duration timeout, @Nullable Instance<?> caller, String reason) {
    checkNotNull(timeout, "timeout");
    checkNotNull(reason, "reason");
    destroying = true;
    ActorId callerId = caller == null ? null : caller.selfId();
    ActorId coordinatorId = supervisionCoordinatorActorId().orElse(null);
    List<Map.Entry<ActorId, CompletableFuture<ActorStatus>>> tracked = new ArrayList<>();
    for (ActorId id : rootActorIds()) {
      if (id.equals(coordinatorId) || lookup(id) == null) {
        // A root that already stopped and was collected has nothing left to stop.
        continue;
      }
      stopActor(id, reason).ifPresent(f -> tracked.add(Map.entry(id, f)));
    }
    ImmutableList.Builder<ActorId> stopped = ImmutableList.builder();
    ImmutableList.Builder<ActorId> aborted = ImmutableList.builder();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean callerTracked = false;
    for (Map.Entry<ActorId, CompletableFuture<ActorStatus>> e : tracked) {
      if (e.getKey().equals(callerId)) {
        callerTracked = true;
        aborted.add(e.getKey());
        continue;
      }
      if (awaitUntil(e.getValue(), deadline)) {
        stopped.add(e.getKey());
      } else {
        abortActor(e.getKey());
        aborted.add(e.getKey());
      }
    }
    if (coordinatorId != null && !coordinatorId.equals(callerId)) {
      Optional<CompletableFuture<ActorStatus>> f = stopActor(coordinatorId, reason);
      if (f.isPresent()) {
        if (awaitUntil(f.get(), System.nanoTime() + timeout.toNanos())) {
          stopped.add(coordinatorId);
        } else {
          abortActor(coordinatorId);
          aborted.add(coordinatorId);
        }
      }
    }
    Duration flushTimeout = config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT);
    try {
      forwarder.flush(flushTimeout);
    } catch (Exception e) {
      log.warn("{}: forwarder flush failed during destroy: {}", procId, e.toString());
    }
    if (callerTracked && callerId != null) {
      abortActor(callerId);
    }
    runTeardownActions();
    timer.shutdown();
    DestroyResult result = new DestroyResult(stopped.build(), aborted.build());
    log.info(
        "destroy_and_wait: {} actors stopped, {} actors aborted",
        result.stopped().size(),
        result.aborted().size());
    return result;
  }

  /**
   * Registers {@code action} to run once, at the end of the next {@link #destroyAndWait}: the
   * channel server and dialed links of a direct proc are closed there.
   */
  void onTeardown(Runnable action) {
    synchronized (teardownActions) {
      teardownActions.add(checkNotNull(action, "action"));
    }
  }

  private void runTeardownActions() {
    List<Runnable> actions;
    synchronized (teardownActions) {
      actions = List.copyOf(teardownActions);
      teardownActions.clear();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("{}: teardown action failed: {}", procId, e.toString(), e);
      }
    }
  }

  private static boolean awaitUntil(CompletableFuture<ActorStatus> f, long deadlineNanos) {
    try {
      f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Proc{" + procId + "}";
  }
}
