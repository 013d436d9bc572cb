package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortHandle;
import io.hyperactor.PortHandle;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.UnionProtocol;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor every proc runs as {@value #PROC_AGENT_ACTOR_NAME}: the proc's supervision coordinator
 * and the manager of the actors its owners create through the resource protocol.
 *
 * <p>It spawns actors from an {@link ActorSpec} whose type is registered in its {@link
 * SpawnableRegistry}, and tracks each as a resource whose status is derived from its spawn, its
 * stop and its terminal supervision event. Once a tracked actor has failed, the proc is poisoned:
 * every later creation fails with {@value #POISONED_MESSAGE}. {@code StopAll} stops everything and,
 * once all tracked actors are terminal, ends the process through the {@link ProcExitHook} with code
 * 1 if any failed, else 0. Owners keep their actors alive with {@link KeepaliveGetState}; with
 * {@code mesh_orphan_timeout} set (and non-zero), a {@link SelfCheck} every timeout stops actors
 * whose keepalive expired. The agent also publishes the proc's introspection node, answers {@code
 * QueryChild} for it off its loop, records memory gauges every {@code
 * process_memory_metric_interval}, and serves {@link ConfigDump}, {@link ThreadDump} and {@link
 * CpuProfile}.
 *
 * <pre>{@code
 * SpawnableRegistry registry = new SpawnableRegistry().register("worker", Worker::decode);
 * ActorHandle<Object> agent =
 *     ProcAgent.boot(proc, ProcAgentOptions.defaults(config, registry));
 * agent.send(new CreateOrUpdate<>(ResourceId.instance("worker"), Rank.of(0), spec));
 * }</pre>
 *
 * <p>The agent accepts the resource messages, {@link ActorSupervisionEvent} and the messages of
 * this package on its handler port ({@link #messageTypes}); anything else, and a {@link
 * CreateOrUpdate} whose rank is unbound, is refused when it is delivered and comes back to its
 * sender as undeliverable. Its state is confined to its loop.
 */
public final class ProcAgent implements Actor<Object>, UnionProtocol {
  /** What the agent handles: the arms of {@link #handle}. */
  private static final ImmutableSet<Class<?>> MESSAGE_TYPES =
      ImmutableSet.of(
          ResourceMessage.class,
          ActorSupervisionEvent.class,
          SelfCheck.class,
          RepublishIntrospect.class,
          ConfigDump.class,
          ThreadDump.class,
          CpuProfile.class,
          NewClientInstance.class,
          GetProc.class);

  private static final Logger log = LoggerFactory.getLogger(ProcAgent.class);

  /** The name the agent is spawned under on every proc. */
  public static final String PROC_AGENT_ACTOR_NAME = "proc_agent";

  /** The status message of creations refused on a poisoned proc. */
  public static final String POISONED_MESSAGE =
      "Cannot spawn new actors on mesh with supervision events";

  /**
   * Header marking the agent's replies, so that a reply to a caller that is gone is only logged.
   */
  static final String REPLY_HEADER = "proc_agent_reply";

  /** Delay that coalesces bursts of supervision events into one republish. */
  static final Duration REPUBLISH_DELAY = Duration.ofMillis(100);

  private static final ImmutableMap<String, String> STREAM_HEADERS =
      ImmutableMap.of(ResourceMessage.STREAM_STATE_SUBSCRIBER, "true");

  private final Proc proc;
  private final ProcAgentOptions options;
  private final @Nullable Duration orphanTimeout;
  private final Duration memoryInterval;
  private final AgentPost send;
  private final ProcNodeIntrospection introspection;
  private final ActorResources resources = new ActorResources();
  private final ActorSpawner spawner;
  private final PeerAuthorization authorization;
  private boolean introspectDirty;
  private boolean stoppingAll;
  private boolean exited;
  private int clients;
  private volatile int selfChecksArmed;
  private volatile int deadSubscriptionsDropped;

  private ProcAgent(Proc proc, ProcAgentOptions options) {
    this.proc = proc;
    this.options = options;
    this.authorization = PeerAuthorization.from(options.config());
    Optional<Duration> timeout = options.config().get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT);
    // Zero means disabled, as in the older Duration-typed setting, rather than a busy loop.
    this.orphanTimeout = timeout.filter(d -> !d.isZero() && !d.isNegative()).orElse(null);
    this.memoryInterval = options.config().get(HyperactorAttrs.PROCESS_MEMORY_METRIC_INTERVAL);
    this.send = new AgentPost(options.config(), REPLY_HEADER);
    this.spawner = new ActorSpawner(proc, options.registry());
    this.introspection =
        new ProcNodeIntrospection(
            proc, options.config().get(HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION));
  }

  /**
   * Spawns the agent on {@code proc} as {@value #PROC_AGENT_ACTOR_NAME} and makes it the proc's
   * supervision coordinator.
   *
   * @throws IllegalArgumentException when the proc already has an actor of that name
   */
  public static ActorHandle<Object> boot(Proc proc, ProcAgentOptions options) {
    checkNotNull(proc, "proc");
    checkNotNull(options, "options");
    return proc.spawn(PROC_AGENT_ACTOR_NAME, create(proc, options));
  }

  /** The agent, not yet spawned; tests spawn it themselves to observe it. */
  static ProcAgent create(Proc proc, ProcAgentOptions options) {
    return new ProcAgent(proc, options);
  }

  @Override
  public void init(Instance<Object> self) {
    self.setSystem();
    proc.setSupervisionCoordinator(coordinatorPort(self));
    publish(self);
    self.setQueryChildHandler(introspection::queryChild);
    if (orphanTimeout != null) {
      armSelfCheck(self);
    }
    if (memoryInterval.compareTo(Duration.ZERO) > 0 && isLinux()) {
      self.selfMessageWithDelay(new RepublishIntrospect(true), memoryInterval);
    }
  }

  /**
   * The agent's handler port seen as a port of supervision events; the agent's protocol is open
   * ({@code Object}) and it handles {@link ActorSupervisionEvent}, so the view is sound.
   */
  @SuppressWarnings("unchecked")
  private static PortHandle<ActorSupervisionEvent> coordinatorPort(Instance<Object> self) {
    return (PortHandle<ActorSupervisionEvent>) (PortHandle<?>) self.port();
  }

  @Override
  public void handle(Context<Object> cx, Object message) {
    switch (message) {
      case ResourceMessage m -> onResource(cx, m);
      case ActorSupervisionEvent e -> onSupervisionEvent(cx, e);
      case SelfCheck s -> onSelfCheck(cx);
      case RepublishIntrospect r -> onRepublish(cx, r);
      case ConfigDump d ->
          send.reply(
              cx,
              d.result().portId(),
              new ConfigDumpResult(ImmutableList.copyOf(options.config().dump())));
      case ThreadDump d -> startWorker(cx, new DebugWorker.DumpThreads(d));
      case CpuProfile p ->
          startWorker(
              cx,
              new DebugWorker.Profile(
                  p,
                  options.config().get(HyperactorAttrs.MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION),
                  options.config().get(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH)));
      case NewClientInstance n -> replyLocally(cx, n.reply(), newClient());
      case GetProc g -> replyLocally(cx, g.reply(), proc);
      default ->
          // The runtime delivers only MESSAGE_TYPES; the two lists disagree.
          throw new IllegalStateException(
              "proc_agent was delivered a "
                  + message.getClass().getName()
                  + ", which is not among its message types "
                  + MESSAGE_TYPES);
    }
  }

  @Override
  public ImmutableSet<Class<?>> messageTypes() {
    return MESSAGE_TYPES;
  }

  /**
   * A privileged operation from a peer that is not allowed is refused ({@link PeerAuthorization});
   * so is a creation that was not cast to a mesh.
   */
  @Override
  public @Nullable String refusal(Object message, Map<String, String> headers) {
    String operation = privilegedOperation(message);
    if (operation != null) {
      String refused = authorization.refusal(PROC_AGENT_ACTOR_NAME, operation, headers);
      if (refused != null) {
        return refused;
      }
    }
    return refusal(message);
  }

  /** The name of the privileged operation {@code message} asks for, or null for a query. */
  static @Nullable String privilegedOperation(Object message) {
    return switch (message) {
      case CreateOrUpdate<?> c -> "spawn";
      case Stop s -> "stop";
      case StopAll s -> "stop all";
      case ConfigDump d -> "config dump";
      case ThreadDump d -> "thread dump";
      case CpuProfile p -> "profile";
      default -> null;
    };
  }

  /** A creation that was not cast to a mesh has no rank to record its outcome under. */
  @Override
  public @Nullable String refusal(Object message) {
    if (message instanceof CreateOrUpdate<?> c && c.rank().value() == null) {
      return "CreateOrUpdate of '"
          + c.id()
          + "' has an unbound rank: it must be cast to a mesh, which binds each destination's rank";
    }
    return null;
  }

  private void onResource(Context<Object> cx, ResourceMessage message) {
    switch (message) {
      case CreateOrUpdate<?> c -> onCreate(cx, c);
      case Stop s -> onStop(cx, s);
      case StopAll s -> onStopAll(s);
      case GetState<?> g -> onGetState(cx, g);
      case KeepaliveGetState<?> k -> {
        ActorInstanceState rec = resources.get(k.getState().id());
        if (rec != null) {
          rec.keepalive(k.expiresAfter());
        }
        onGetState(cx, k.getState());
      }
      case StreamState<?> s -> onStreamState(cx, s);
      case GetRankStatus g -> {
        ActorInstanceState rec = resources.get(g.id());
        send.reply(cx, g.reply(), rec == null ? StatusOverlay.empty() : rec.overlay());
      }
      case WaitRankStatus w -> onWaitRankStatus(cx, w);
    }
  }

  // ------------------------------------------------------------------ create / stop

  private void onCreate(Context<Object> cx, CreateOrUpdate<?> create) {
    ResourceId id = create.id();
    if (resources.contains(id)) {
      return;
    }
    // An unbound rank was refused at delivery (refusal), so the rank is bound here.
    long rank = create.rank().unwrap();
    if (resources.isPoisoned()) {
      resources.put(id, ActorInstanceState.spawnFailed(rank, POISONED_MESSAGE));
      return;
    }
    resources.put(id, spawner.spawn(id, rank, create.spec()));
    publish(cx);
  }

  private void onStop(Context<Object> cx, Stop stop) {
    ActorInstanceState rec = resources.get(stop.id());
    if (rec == null || !rec.beginStop()) {
      return;
    }
    notifyStatusChanged(cx, stop.id(), rec);
    stopActor(rec, stop.reason());
  }

  private void onStopAll(StopAll stopAll) {
    stoppingAll = true;
    for (ActorInstanceState rec : resources.beginStopAll()) {
      stopActor(rec, stopAll.reason());
    }
    if (resources.allTerminal()) {
      shutdown();
    }
  }

  private void stopActor(ActorInstanceState rec, String reason) {
    ActorId id = rec.actorId();
    if (id == null) {
      return;
    }
    log.info("StopActor {} ({})", id.name(), reason);
    proc.stopActor(id, reason);
  }

  // ------------------------------------------------------------------ queries

  private void onGetState(Context<Object> cx, GetState<?> get) {
    send.reply(cx, get.reply(), stateOf(get.id()));
  }

  private void onStreamState(Context<Object> cx, StreamState<?> stream) {
    ActorInstanceState rec = resources.get(stream.id());
    State<ActorState> state = stateOf(stream.id());
    if (rec != null) {
      rec.subscribe(PortRef.attest(stream.subscriber().portId()));
    }
    send.post(cx, stream.subscriber().portId(), state, STREAM_HEADERS);
  }

  private void onWaitRankStatus(Context<Object> cx, WaitRankStatus wait) {
    ActorInstanceState rec = resources.get(wait.id());
    if (rec == null) {
      send.reply(cx, wait.reply(), StatusOverlay.empty());
    } else if (rec.status().isAtLeast(wait.minStatus())) {
      send.reply(cx, wait.reply(), rec.overlay());
    } else {
      rec.addWaiter(wait.minStatus(), wait.reply());
    }
  }

  private State<ActorState> stateOf(ResourceId id) {
    ActorInstanceState rec = resources.get(id);
    return rec == null ? State.notExist(id, Instant.now()) : rec.toState(id, Instant.now());
  }

  /** Sends the new state to every subscriber and answers the waiters it satisfies. */
  private void notifyStatusChanged(Context<Object> cx, ResourceId id, ActorInstanceState rec) {
    State<ActorState> state = rec.toState(id, Instant.now());
    for (PortRef<State<ActorState>> subscriber : rec.subscribers()) {
      send.post(cx, subscriber.portId(), state, STREAM_HEADERS);
    }
    for (ActorInstanceState.Waiter waiter : rec.takeSatisfiedWaiters()) {
      send.reply(cx, waiter.reply(), rec.overlay());
    }
  }

  // ------------------------------------------------------------------ supervision

  private void onSupervisionEvent(Context<Object> cx, ActorSupervisionEvent event) {
    if (event.isError()) {
      log.warn("{}: supervision event: {}", cx.selfId(), event);
    } else {
      log.debug("{}: supervision event: {}", cx.selfId(), event);
    }
    Map.Entry<ResourceId, ActorInstanceState> tracked = resources.findByEvent(event);
    if (tracked != null) {
      tracked.getValue().recordEvent(event);
      notifyStatusChanged(cx, tracked.getKey(), tracked.getValue());
    }
    if (!introspectDirty) {
      introspectDirty = true;
      cx.selfMessageWithDelay(new RepublishIntrospect(false), REPUBLISH_DELAY);
    }
    if (stoppingAll && resources.allTerminal()) {
      shutdown();
    }
  }

  /** Events from the agent's own children (debug workers): handled here, never escalated. */
  @Override
  public boolean handleSupervisionEvent(Instance<Object> self, ActorSupervisionEvent event) {
    if (event.isError()) {
      log.warn("{}: child of proc_agent failed: {}", self.selfId(), event);
    }
    return true;
  }

  private void shutdown() {
    if (exited) {
      log.warn("{}: shutdown already requested; ignoring a repeated request", proc.procId());
      return;
    }
    exited = true;
    int code = resources.exitCode();
    Duration flushTimeout = options.config().get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT);
    try {
      proc.flush(flushTimeout);
    } catch (Exception e) {
      log.warn("{}: forwarder flush before exit failed: {}", proc.procId(), e.toString());
    }
    log.info("{}: all actors stopped after StopAll; exiting with code {}", proc.procId(), code);
    options.exitHook().exit(code);
  }

  // ------------------------------------------------------------------ orphans

  private void onSelfCheck(Context<Object> cx) {
    Duration timeout = orphanTimeout;
    if (timeout == null) {
      return;
    }
    ImmutableList<ActorInstanceState> orphans = resources.takeOrphans(Instant.now());
    if (!orphans.isEmpty()) {
      log.info(
          "{}: stopping {} orphaned actors past their keepalive expiry",
          cx.selfId(),
          orphans.size());
    }
    for (ActorInstanceState rec : orphans) {
      stopActor(rec, "orphaned");
    }
    armSelfCheck(cx);
  }

  private void armSelfCheck(Instance<Object> self) {
    selfChecksArmed++;
    self.selfMessageWithDelay(new SelfCheck(), checkNotNull(orphanTimeout, "orphanTimeout"));
  }

  /** How many {@link SelfCheck}s the agent scheduled; visible for tests. */
  int selfChecksArmed() {
    return selfChecksArmed;
  }

  // ------------------------------------------------------------------ introspection

  private void onRepublish(Context<Object> cx, RepublishIntrospect republish) {
    introspectDirty = false;
    ProcessMemory memory = publish(cx);
    if (!republish.emitMemoryMetrics()) {
      return;
    }
    ImmutableMap<String, String> labels =
        ImmutableMap.of(
            "proc_id",
            proc.procId().toString(),
            "pid",
            Long.toString(ProcessHandle.current().pid()));
    memory
        .rssBytes()
        .ifPresent(v -> options.gauges().record("process.memory.rss_bytes", v, labels));
    memory.vmBytes().ifPresent(v -> options.gauges().record("process.memory.vm_bytes", v, labels));
    if (memoryInterval.compareTo(Duration.ZERO) > 0) {
      cx.selfMessageWithDelay(new RepublishIntrospect(true), memoryInterval);
    }
  }

  private ProcessMemory publish(Instance<Object> self) {
    ProcessMemory memory = ProcessMemory.read();
    self.publishAttrs(introspection.publishAttrs(resources.failedActorCount(), memory));
    return memory;
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
  }

  // ------------------------------------------------------------------ debug and local services

  private void startWorker(Context<Object> cx, DebugWorker.Job job) {
    ActorHandle<DebugWorker.Job> worker = cx.spawnWithName("proc_agent_debug", new DebugWorker());
    worker.send(cx, job);
  }

  /** A root client named {@code client}, or {@code client_<n>} once that name is taken. */
  private ClientInstance newClient() {
    IllegalArgumentException last = null;
    for (int attempt = 0; attempt < 1000; attempt++) {
      String name = clients == 0 ? "client" : "client_" + clients;
      clients++;
      try {
        return proc.instance(name);
      } catch (IllegalArgumentException taken) {
        last = taken;
      }
    }
    throw new IllegalStateException(
        "no free client name on " + proc.procId() + " after 1000 attempts", last);
  }

  // ------------------------------------------------------------------ sending

  /** Answers a local request; a requester that is gone is logged, never fatal to the agent. */
  private static <T> void replyLocally(Instance<Object> self, OncePortHandle<T> port, T value) {
    try {
      port.send(value);
    } catch (MailboxSenderException e) {
      log.warn(
          "{}: local reply to {} not delivered: {}", self.selfId(), port.portId(), e.getMessage());
      if (value instanceof ClientInstance orphaned) {
        orphaned.close();
      }
    }
  }


  /**
   * Drops a dead subscriber when a tagged state update bounces, and logs a reply whose caller is
   * gone; any other bounce fails the agent, as for every actor.
   */
  @Override
  public void handleUndeliverable(Instance<Object> self, Undeliverable undeliverable)
      throws Exception {
    MessageEnvelope envelope = undeliverable.envelope();
    if ("true".equals(envelope.headers().get(ResourceMessage.STREAM_STATE_SUBSCRIBER))) {
      PortRef<Object> dead = PortRef.attest(envelope.dest());
      int removed = resources.removeSubscriber(dead);
      deadSubscriptionsDropped += removed;
      log.debug(
          "{}: dropped dead state subscriber {} ({} subscriptions)",
          self.selfId(),
          envelope.dest(),
          removed);
      return;
    }
    if ("true".equals(envelope.headers().get(REPLY_HEADER))) {
      log.warn(
          "{}: reply {} to {} could not be delivered ({}); the caller is gone",
          self.selfId(),
          envelope.payload().getClass().getSimpleName(),
          envelope.dest(),
          undeliverable.error());
      return;
    }
    throw new UndeliverableMessageException(undeliverable);
  }

  /** How many subscriptions were dropped because their port was gone; visible for tests. */
  int deadSubscriptionsDropped() {
    return deadSubscriptionsDropped;
  }

  /** The ids of the tracked resources, in creation order; visible for tests. */
  ImmutableList<ResourceId> trackedIds() {
    return resources.ids();
  }

  @Override
  public String displayName() {
    return PROC_AGENT_ACTOR_NAME;
  }
}
