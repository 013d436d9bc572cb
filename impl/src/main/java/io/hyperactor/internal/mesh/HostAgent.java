package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Undeliverable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.UnionProtocol;
import io.hyperactor.internal.agent.AgentPost;
import io.hyperactor.internal.agent.PeerAuthorization;
import io.hyperactor.internal.agent.ProcNodeIntrospection;
import io.hyperactor.internal.host.LocalAgentFactory;
import io.hyperactor.internal.host.LocalProcManager;
import io.hyperactor.internal.host.ProcessProcManager;
import io.hyperactor.internal.mesh.HostAgentMessage.DrainHost;
import io.hyperactor.internal.mesh.HostAgentMessage.GetLocalProc;
import io.hyperactor.internal.mesh.HostAgentMessage.GetProcLogs;
import io.hyperactor.internal.mesh.HostAgentMessage.HostAck;
import io.hyperactor.internal.mesh.HostAgentMessage.ListProcs;
import io.hyperactor.internal.mesh.HostAgentMessage.LocalProc;
import io.hyperactor.internal.mesh.HostAgentMessage.ProcLogsReply;
import io.hyperactor.internal.mesh.HostAgentMessage.SetClientConfig;
import io.hyperactor.internal.mesh.HostAgentMessage.ShutdownHost;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor every host of a host mesh runs as {@value HostRef#HOST_AGENT_NAME} on its service
 * proc: it creates, stops and reports the host's procs as resources for their owners.
 *
 * <p>It answers the resource protocol for procs ({@code CreateOrUpdate<ProcSpec>}, {@code Stop},
 * {@code StopAll}, {@code GetState}, {@code KeepaliveGetState}, {@code StreamState}, {@code
 * GetRankStatus}, {@code WaitRankStatus}) and the host requests of {@link HostAgentMessage}. A
 * proc is named on the host after its resource id; its status is {@code Initializing} while the
 * host creates it (off the agent's loop, so queries are answered meanwhile), {@code Failed} with
 * the host's reason when that fails, and afterwards its process status, mapped as {@link
 * ProcRecord#statusOf} says.
 *
 * <p>Lifecycle: detached until the first creation, attached afterwards; a full {@code DrainHost}
 * makes it draining (queries report at least {@code Stopping}) until every proc ended, then
 * detached again with no procs; {@code ShutdownHost} stops every proc, acknowledges, and leaves it
 * shut down (queries report {@code Stopped} or {@code NotExist}, creations are ignored). With
 * {@code mesh_orphan_timeout} set, procs whose owner's keepalive ({@code KeepaliveGetState})
 * expired are stopped.
 *
 * <p>Introspection: the agent publishes the host's node ({@link HostNode}: its address, every proc
 * of the host as a child, and each proc's process status), republished when a proc's status
 * changes; a {@code QueryChild} for the agent's own id answers the same node as of now, and one
 * for the service or local proc answers that proc's node.
 *
 * <p>State is confined to the agent's loop; host calls that wait run on virtual threads owned by
 * the agent and report back as messages.
 *
 * @param <C> the host's proc manager's spawn configuration
 */
public final class HostAgent<C> implements Actor<Object>, UnionProtocol {
  private static final Logger log = LoggerFactory.getLogger(HostAgent.class);

  private static final ImmutableSet<Class<?>> MESSAGE_TYPES =
      ImmutableSet.of(
          ResourceMessage.class,
          HostAgentMessage.class,
          ProcCreated.class,
          ProcStatusChanged.class,
          Drained.class,
          CheckOrphans.class);

  /** Header marking the agent's replies, so that a reply to a caller that is gone is only logged. */
  static final String REPLY_HEADER = "host_agent_reply";

  private static final ImmutableMap<String, String> STREAM_HEADERS =
      ImmutableMap.of(ResourceMessage.STREAM_STATE_SUBSCRIBER, "true", REPLY_HEADER, "true");

  private enum Lifecycle {
    DETACHED,
    ATTACHED,
    DRAINING,
    SHUT_DOWN
  }

  private final Host<Object, C> host;
  private final HostNode node;
  private final HostAgentOptions<C> options;
  private final PeerAuthorization authorization;
  private final @Nullable Duration orphanTimeout;
  private final AgentPost send;
  private final ExecutorService tasks =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("hyperactor-host-agent-", 0).factory());
  private final Map<ResourceId, ProcRecord> created = new LinkedHashMap<>();
  private final Map<ResourceId, List<ProcRecord.Waiter>> pendingWaiters = new LinkedHashMap<>();
  private Lifecycle lifecycle = Lifecycle.DETACHED;
  private @Nullable LocalProc localProc;

  private HostAgent(Host<Object, C> host, HostAgentOptions<C> options) {
    this.host = host;
    this.node = new HostNode(host);
    this.options = options;
    this.authorization = PeerAuthorization.from(options.config());
    this.orphanTimeout =
        options
            .config()
            .get(HyperactorAttrs.MESH_ORPHAN_TIMEOUT)
            .filter(d -> !d.isZero() && !d.isNegative())
            .orElse(null);
    this.send = new AgentPost(options.config(), REPLY_HEADER);
  }

  /**
   * Spawns the agent of {@code host} on its service proc as {@value HostRef#HOST_AGENT_NAME}.
   *
   * @throws IllegalArgumentException when the service proc already has an actor of that name
   */
  public static <C> ActorHandle<Object> boot(Host<Object, C> host, HostAgentOptions<C> options) {
    checkNotNull(host, "host");
    checkNotNull(options, "options");
    return host.serviceProc().spawn(HostRef.HOST_AGENT_NAME, new HostAgent<>(host, options));
  }

  /**
   * Spawns the agent of {@code host}, a host of this runtime's proc managers, on its service proc:
   * a process host's procs are created with the client configuration of their spec, an in-JVM
   * host's share the host's configuration.
   *
   * @throws IllegalArgumentException when the host's proc manager is not one of the runtime's
   */
  @SuppressWarnings("unchecked")
  public static ActorHandle<Object> bootOn(
      Host<Object, ?> host,
      HyperactorConfig config,
      LocalAgentFactory<Object> localAgent,
      Runnable onShutdown) {
    checkNotNull(host, "host");
    return switch (host.manager()) {
      case ProcessProcManager m ->
          boot(
              (Host<Object, ProcessProcConfig>) host,
              new HostAgentOptions<>(
                  config,
                  (rank, spec) ->
                      new ProcessProcConfig(
                          Math.toIntExact(rank), ImmutableList.of(), spec.clientConfig()),
                  localAgent,
                  onShutdown));
      case LocalProcManager<?> m ->
          boot(
              (Host<Object, @Nullable Void>) host,
              new HostAgentOptions<@Nullable Void>(
                  config, (rank, spec) -> null, localAgent, onShutdown));
      default ->
          throw new IllegalArgumentException(
              "cannot run a host agent on a host whose proc manager is a "
                  + host.manager().getClass().getName()
                  + ": only the runtime's local and process proc managers are supported");
    };
  }

  @Override
  public void init(Instance<Object> self) {
    self.setSystem();
    long retention = options.config().get(HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION);
    ProcNodeIntrospection service = new ProcNodeIntrospection(host.serviceProc(), retention);
    ProcNodeIntrospection local = new ProcNodeIntrospection(host.localProc(), retention);
    String serviceRef = host.serviceProc().procId().toString();
    String localRef = host.localProc().procId().toString();
    String selfRef = self.selfId().toString();
    // Runs off the agent's thread: it reads the host and its two built-in procs, never the
    // agent's state. Asked for the agent itself, it answers the host's node as of now, with each
    // proc's process status, which the published node shows only as of its last publish.
    self.setQueryChildHandler(
        ref -> {
          if (ref.equals(selfRef)) {
            return node.result(ref);
          }
          return ref.equals(localRef) ? local.queryChild(ref) : service.queryChild(ref);
        });
    publish(self);
    if (orphanTimeout != null) {
      self.selfMessageWithDelay(new CheckOrphans(), orphanTimeout);
    }
  }

  @Override
  public ImmutableSet<Class<?>> messageTypes() {
    return MESSAGE_TYPES;
  }

  /**
   * A privileged operation from a peer that is not allowed is refused ({@link PeerAuthorization});
   * so is a creation that was not addressed to a rank.
   */
  @Override
  public @Nullable String refusal(Object message, Map<String, String> headers) {
    String operation = privilegedOperation(message);
    if (operation != null) {
      String refused = authorization.refusal(HostRef.HOST_AGENT_NAME, operation, headers);
      if (refused != null) {
        return refused;
      }
    }
    return refusal(message);
  }

  /** The name of the privileged operation {@code message} asks for, or null for a query. */
  static @Nullable String privilegedOperation(Object message) {
    return switch (message) {
      case CreateOrUpdate<?> c -> "spawn proc";
      case Stop s -> "stop proc";
      case StopAll s -> "stop all procs";
      case HostAgentMessage.SetClientConfig c -> "config push";
      case HostAgentMessage.DrainHost d -> "drain";
      case HostAgentMessage.ShutdownHost d -> "shutdown";
      case HostAgentMessage.GetLocalProc g -> "local proc";
      case HostAgentMessage.GetProcLogs g -> "proc logs";
      default -> null;
    };
  }

  /** A creation that was not addressed to a rank has nothing to record its outcome under. */
  @Override
  public @Nullable String refusal(Object message) {
    if (message instanceof CreateOrUpdate<?> c && c.rank().value() == null) {
      return "CreateOrUpdate of proc '"
          + c.id()
          + "' has an unbound rank: a host mesh sends each host the rank of every proc it creates";
    }
    if (message instanceof CreateOrUpdate<?> c && !(c.spec() instanceof ProcSpec)) {
      return "CreateOrUpdate of proc '"
          + c.id()
          + "' has a "
          + c.spec().getClass().getName()
          + " spec; a host agent creates procs from a ProcSpec";
    }
    return null;
  }

  @Override
  public void handle(Context<Object> cx, Object message) {
    // Process statuses change on other threads: bring the generations up to date before this
    // message reads a state, and tell the subscribers what it changed afterwards.
    publishChanges(cx);
    dispatch(cx, message);
    publishChanges(cx);
  }

  private void dispatch(Context<Object> cx, Object message) {
    switch (message) {
      case ResourceMessage m -> onResource(cx, m);
      case HostAgentMessage m -> onHostMessage(cx, m);
      case ProcCreated c -> onProcCreated(cx, c);
      case ProcStatusChanged c -> onStatusChanged(cx, c.id());
      case Drained d -> onDrained(cx, d);
      case CheckOrphans c -> onCheckOrphans(cx);
      default ->
          throw new IllegalStateException(
              "host_agent was delivered a "
                  + message.getClass().getName()
                  + ", which is not among its message types "
                  + MESSAGE_TYPES);
    }
  }

  private void onResource(Context<Object> cx, ResourceMessage message) {
    switch (message) {
      case CreateOrUpdate<?> c -> onCreate(cx, c);
      case Stop s -> onStop(cx, s.id(), s.reason());
      case StopAll s -> {
        for (ResourceId id : ImmutableList.copyOf(created.keySet())) {
          onStop(cx, id, s.reason());
        }
      }
      case GetState<?> g -> send.reply(cx, g.reply(), stateOf(cx, g.id()));
      case KeepaliveGetState<?> k -> {
        ProcRecord rec = created.get(k.getState().id());
        if (rec != null) {
          rec.keepalive(k.expiresAfter());
        }
        send.reply(cx, k.getState().reply(), stateOf(cx, k.getState().id()));
      }
      case StreamState<?> s -> onStreamState(cx, s);
      case GetRankStatus g -> {
        ProcRecord rec = created.get(g.id());
        send.reply(cx, g.reply(), rec == null ? StatusOverlay.empty() : overlay(rec));
      }
      case WaitRankStatus w -> onWaitRankStatus(cx, w);
    }
  }

  /**
   * Publishes the host's node ({@link HostNode}): its address, its built-in and spawned procs as
   * children, and each proc's process status.
   */
  private void publish(Instance<Object> self) {
    self.publishAttrs(node.attrs());
  }

  // ------------------------------------------------------------------ create / stop

  private void onCreate(Context<Object> cx, CreateOrUpdate<?> create) {
    ResourceId id = create.id();
    if (created.containsKey(id)) {
      return;
    }
    if (lifecycle == Lifecycle.SHUT_DOWN) {
      log.warn("{}: host is shut down; ignoring the creation of proc {}", cx.selfId(), id);
      return;
    }
    // Unbound ranks and foreign specs were refused at delivery (refusal).
    long rank = create.rank().unwrap();
    ProcSpec spec = (ProcSpec) create.spec();
    ProcRecord rec = new ProcRecord(rank, spec.hostMeshId());
    created.put(id, rec);
    List<ProcRecord.Waiter> early = pendingWaiters.remove(id);
    if (early != null) {
      rec.addWaiters(early);
    }
    if (lifecycle == Lifecycle.DETACHED) {
      lifecycle = Lifecycle.ATTACHED;
    }
    C config;
    try {
      config = options.spawnConfig().create(rank, spec);
    } catch (RuntimeException e) {
      rec.failed("cannot configure proc '" + id + "': " + e.getMessage());
      onStatusChanged(cx, id);
      return;
    }
    String name = id.toString();
    cx.pipeToSelf(
        CompletableFuture.supplyAsync(() -> host.spawn(name, config), tasks),
        (proc, error) -> new ProcCreated(id, proc, error));
    onStatusChanged(cx, id);
  }

  private void onProcCreated(Context<Object> cx, ProcCreated done) {
    ProcRecord rec = created.get(done.id());
    HostedProc<Object> proc = done.proc();
    if (rec == null) {
      // Drained while it was being created: it belongs to no one, so it stops at once.
      if (proc != null) {
        log.info("{}: proc {} was drained while it started; stopping it", cx.selfId(), done.id());
        stopUntracked(proc.procId(), "drained while starting");
      }
      return;
    }
    if (proc == null) {
      Throwable error = unwrap(done.error());
      rec.failed(error == null ? "unknown error" : String.valueOf(error.getMessage()));
      log.warn("{}: failed to create proc {}: {}", cx.selfId(), done.id(), rec.status());
      onStatusChanged(cx, done.id());
      return;
    }
    Optional<ProcHandle<Object>> handle = host.manager().handle(proc.procId());
    if (handle.isEmpty()) {
      rec.failed("proc '" + proc.procId() + "' ended before the host agent could watch it");
      onStatusChanged(cx, done.id());
      return;
    }
    rec.created(proc.procId(), proc.agent(), handle.get());
    node.rank(proc.procId(), rec.rank());
    ActorHandle<Object> self = cx.handle();
    ResourceId id = done.id();
    rec.watching(handle.get().watch(status -> self.send(new ProcStatusChanged(id))));
    if (rec.stopRequested()) {
      terminate(cx, id, rec, "stopped while starting");
    }
    // Published before the waiters hear of it, so whoever learns the proc runs finds it listed.
    publish(cx);
    onStatusChanged(cx, id);
  }

  private void onStop(Context<Object> cx, ResourceId id, String reason) {
    if (lifecycle == Lifecycle.SHUT_DOWN) {
      return;
    }
    ProcRecord rec = created.get(id);
    if (rec == null || !rec.requestStop()) {
      return;
    }
    if (rec.isCreated()) {
      terminate(cx, id, rec, reason);
    }
    onStatusChanged(cx, id);
  }

  /** Stops the proc, escalating after {@code process_exit_timeout}; its handle reports the end. */
  private void terminate(Context<Object> cx, ResourceId id, ProcRecord rec, String reason) {
    ProcHandle<Object> handle = rec.handle();
    if (handle == null) {
      return;
    }
    Duration timeout = options.config().get(HyperactorAttrs.PROCESS_EXIT_TIMEOUT);
    log.info("{}: stopping proc {} ({})", cx.selfId(), id, reason);
    handle
        .terminate(timeout, reason)
        .whenComplete(
            (status, error) -> {
              if (error != null && !(unwrap(error) instanceof io.hyperactor.host.TerminateException)) {
                log.warn("stopping proc {} failed: {}", id, String.valueOf(unwrap(error)));
              }
            });
  }

  private void stopUntracked(ProcId procId, String reason) {
    Duration timeout = options.config().get(HyperactorAttrs.PROCESS_EXIT_TIMEOUT);
    tasks.execute(
        () -> {
          try {
            host.terminateProc(procId, timeout, reason);
          } catch (RuntimeException e) {
            log.warn("stopping proc {} failed: {}", procId, e.getMessage());
          }
        });
  }

  // ------------------------------------------------------------------ queries

  /** The status of {@code rec} under the agent's lifecycle floor. */
  private Status statusOf(ProcRecord rec) {
    return switch (lifecycle) {
      case DETACHED, ATTACHED -> rec.status();
      case DRAINING -> rec.status().clampMin(Status.STOPPING);
      case SHUT_DOWN -> Status.UNKNOWN.clampMin(Status.STOPPED);
    };
  }

  /** The status waiters see: a host that drains or is gone counts as stopped. */
  private Status waitStatusOf(ProcRecord rec) {
    return lifecycle == Lifecycle.DETACHED || lifecycle == Lifecycle.ATTACHED
        ? rec.status()
        : rec.status().clampMin(Status.STOPPED);
  }

  private StatusOverlay overlay(ProcRecord rec) {
    return StatusOverlay.single(rec.rank(), statusOf(rec));
  }

  /**
   * The current state of {@code id}. A change since the state was last taken bumps its generation
   * and goes to its subscribers first, so every state handed out carries the generation of what it
   * shows.
   */
  private State<ProcState> stateOf(Context<Object> cx, ResourceId id) {
    ProcRecord rec = created.get(id);
    Instant now = Instant.now();
    if (rec == null) {
      return State.notExist(id, now);
    }
    ProcId procId = rec.procId();
    var agent = rec.agent();
    ProcStatus procStatus = rec.procStatus();
    Status status = statusOf(rec);
    boolean changed = rec.observe(List.of(status, Optional.ofNullable(procStatus)));
    ProcState payload =
        procId == null || agent == null ? null : new ProcState(procId, rec.rank(), agent, procStatus);
    State<ProcState> state = new State<>(id, status, payload, rec.generation(), now);
    if (changed) {
      for (PortRef<State<ProcState>> subscriber : rec.subscribers()) {
        send.post(cx, subscriber.portId(), state, STREAM_HEADERS);
      }
    }
    return state;
  }

  /** Subscribes to a created proc's state; an unknown one gets {@code NotExist} and no subscription. */
  private void onStreamState(Context<Object> cx, StreamState<?> stream) {
    ProcRecord rec = created.get(stream.id());
    if (rec != null) {
      rec.subscribe(PortRef.attest(stream.subscriber().portId()));
    }
    send.post(cx, stream.subscriber().portId(), stateOf(cx, stream.id()), STREAM_HEADERS);
  }

  /** Sends the new state of every proc whose state changed since it was last taken. */
  private void publishChanges(Context<Object> cx) {
    for (ResourceId id : created.keySet()) {
      stateOf(cx, id);
    }
  }

  private void onWaitRankStatus(Context<Object> cx, WaitRankStatus wait) {
    ProcRecord rec = created.get(wait.id());
    if (rec == null) {
      pendingWaiters
          .computeIfAbsent(wait.id(), k -> new ArrayList<>())
          .add(new ProcRecord.Waiter(wait.minStatus(), wait.reply()));
      return;
    }
    Status status = waitStatusOf(rec);
    if (status.isAtLeast(wait.minStatus())) {
      send.reply(cx, wait.reply(), StatusOverlay.single(rec.rank(), status));
    } else {
      rec.addWaiter(new ProcRecord.Waiter(wait.minStatus(), wait.reply()));
    }
  }

  /** Answers the waiters of {@code id} that its status now satisfies. */
  private void onStatusChanged(Context<Object> cx, ResourceId id) {
    ProcRecord rec = created.get(id);
    if (rec == null) {
      return;
    }
    Status status = waitStatusOf(rec);
    for (ProcRecord.Waiter waiter : rec.takeSatisfied(status)) {
      send.reply(cx, waiter.reply(), StatusOverlay.single(rec.rank(), status));
    }
    if (status.isTerminated()) {
      rec.unwatch();
    }
    // The published node shows each proc's process status: keep it current.
    publish(cx);
  }

  // ------------------------------------------------------------------ host requests

  private void onHostMessage(Context<Object> cx, HostAgentMessage message) {
    switch (message) {
      case SetClientConfig s -> {
        HostAck ack;
        try {
          options.config().setClientOverrides(s.attrs());
          ack = HostAck.ok();
        } catch (ConfigValidationException e) {
          ack = new HostAck("invalid client configuration: " + e.getMessage());
        }
        send.reply(cx, s.done().portId(), ack);
      }
      case DrainHost d -> onDrain(cx, d);
      case ShutdownHost s -> onShutdown(cx, s);
      case GetLocalProc g -> send.reply(cx, g.reply().portId(), localProc());
      case ListProcs l ->
          send.reply(cx, l.reply().portId(), ImmutableList.copyOf(created.keySet()));
      case GetProcLogs g -> send.reply(cx, g.reply().portId(), procLogs(g.procId(), g.lines()));
    }
  }

  /**
   * The output tail of one of the host's procs. Only a child process has output of its own: the
   * host's built-in procs and the procs of an in-JVM host write to the host's own streams, mixed
   * with everything else of that JVM, so they are refused rather than answered with the host's.
   * Reading the tail copies a bounded ring, so it runs on the agent's loop.
   */
  private ProcLogsReply procLogs(ProcId procId, int lines) {
    if (lines <= 0) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.REJECTED,
          "lines must be positive, got " + lines + " (logs of proc '" + procId + "')");
    }
    if (!procId.addr().equals(host.addr())) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.NOT_FOUND,
          "proc '" + procId + "' is not a proc of host " + host.addr());
    }
    if (procId.equals(host.serviceProc().procId()) || procId.equals(host.localProc().procId())) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.NO_OUTPUT,
          "proc '"
              + procId
              + "' runs in the JVM of host "
              + host.addr()
              + ", so it has no process output of its own; only procs forked as child processes"
              + " have their output kept by their host");
    }
    if (host.manager().handle(procId).isEmpty()) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.NOT_FOUND,
          "host " + host.addr() + " has no proc named '" + procId.name() + "'");
    }
    if (!(host.manager() instanceof ProcessProcManager manager)) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.NO_OUTPUT,
          "proc '"
              + procId
              + "' is an in-JVM proc of host "
              + host.addr()
              + ", so it has no process output of its own; only procs forked as child processes"
              + " have their output kept by their host");
    }
    if (manager.tailLines() == 0) {
      return ProcLogsReply.refused(
          ProcDiagnosticsException.Reason.NO_OUTPUT,
          "host "
              + host.addr()
              + " keeps no output of its procs: tail_log_lines is 0 there (set it above 0 to keep"
              + " that many lines of each proc's stdout and stderr)");
    }
    return manager
        .outputTail(procId, lines)
        .map(tail -> ProcLogsReply.of(new ProcLogs(procId, tail)))
        .orElseGet(
            () ->
                ProcLogsReply.refused(
                    ProcDiagnosticsException.Reason.NOT_FOUND,
                    "host " + host.addr() + " has no proc named '" + procId.name() + "'"));
  }

  private void onDrain(Context<Object> cx, DrainHost drain) {
    String meshId = drain.hostMeshId();
    int maxInFlight = clampInFlight(drain.maxInFlight());
    if (meshId != null) {
      List<ProcId> procs = new ArrayList<>();
      for (var it = created.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        ProcRecord rec = entry.getValue();
        if (meshId.equals(rec.hostMeshId())) {
          it.remove();
          rec.unwatch();
          answerAsStopped(cx, rec);
          if (rec.procId() != null) {
            procs.add(rec.procId());
          }
        }
      }
      log.info("{}: draining {} procs of host mesh {}", cx.selfId(), procs.size(), meshId);
      runThenReport(
          cx,
          () -> {
            for (ProcId procId : procs) {
              try {
                host.terminateProc(procId, drain.timeout(), "selective drain");
              } catch (RuntimeException e) {
                log.warn("draining proc {} failed: {}", procId, e.getMessage());
              }
            }
          },
          new Drained(drain.ack(), false, false));
      return;
    }
    if (lifecycle != Lifecycle.ATTACHED) {
      send.reply(cx, drain.ack().portId(), HostAck.ok());
      return;
    }
    lifecycle = Lifecycle.DRAINING;
    log.info("{}: draining every proc", cx.selfId());
    runThenReport(
        cx,
        () -> host.terminateChildren(drain.timeout(), maxInFlight, "drain host"),
        new Drained(drain.ack(), true, false));
  }

  private void onShutdown(Context<Object> cx, ShutdownHost shutdown) {
    if (lifecycle == Lifecycle.SHUT_DOWN) {
      send.reply(cx, shutdown.ack().portId(), HostAck.ok());
      return;
    }
    int maxInFlight = clampInFlight(shutdown.maxInFlight());
    log.info("{}: shutting down the host", cx.selfId());
    runThenReport(
        cx,
        () -> host.terminateChildren(shutdown.timeout(), maxInFlight, "stop host"),
        new Drained(shutdown.ack(), true, true));
  }

  private void onDrained(Context<Object> cx, Drained drained) {
    if (drained.all()) {
      for (ProcRecord rec : created.values()) {
        rec.unwatch();
        answerAsStopped(cx, rec);
      }
      lifecycle = drained.shutdown() ? Lifecycle.SHUT_DOWN : Lifecycle.DETACHED;
      // The subscribers hear each proc's end before the records go.
      publishChanges(cx);
      created.clear();
    }
    send.reply(cx, drained.ack().portId(), HostAck.ok());
    publish(cx);
    if (drained.shutdown()) {
      // After the acknowledgement: the caller's network must stay up until it has its answer.
      tasks.execute(options.onShutdown());
    }
  }

  private void answerAsStopped(Context<Object> cx, ProcRecord rec) {
    Status status = rec.status().clampMin(Status.STOPPED);
    for (ProcRecord.Waiter waiter : rec.takeAllWaiters()) {
      send.reply(cx, waiter.reply(), StatusOverlay.single(rec.rank(), status));
    }
  }

  private void runThenReport(Context<Object> cx, Runnable work, Object report) {
    cx.pipeToSelf(CompletableFuture.runAsync(work, tasks), (ignored, error) -> {
      if (error != null) {
        log.warn("host agent task failed: {}", String.valueOf(unwrap(error)));
      }
      return report;
    });
  }

  private static int clampInFlight(int maxInFlight) {
    return Math.max(1, Math.min(256, maxInFlight));
  }

  private LocalProc localProc() {
    if (lifecycle == Lifecycle.SHUT_DOWN) {
      return new LocalProc(null, "host is shut down");
    }
    if (localProc == null) {
      try {
        options.localAgent().spawn(host.localProc());
        localProc = new LocalProc(host.localProc().procId(), null);
      } catch (Exception e) {
        localProc = new LocalProc(null, "error booting local proc: " + e.getMessage());
      }
    }
    return localProc;
  }

  // ------------------------------------------------------------------ orphans

  private void onCheckOrphans(Context<Object> cx) {
    Duration timeout = orphanTimeout;
    if (timeout == null) {
      return;
    }
    Instant now = Instant.now();
    for (Map.Entry<ResourceId, ProcRecord> entry : created.entrySet()) {
      ProcRecord rec = entry.getValue();
      if (rec.takeExpired(now) && rec.requestStop()) {
        terminate(cx, entry.getKey(), rec, "orphaned");
      }
    }
    cx.selfMessageWithDelay(new CheckOrphans(), timeout);
  }

  // ------------------------------------------------------------------ sending

  /** A reply whose caller is gone is logged; any other bounce fails the agent, as for any actor. */
  @Override
  public void handleUndeliverable(Instance<Object> self, Undeliverable undeliverable)
      throws Exception {
    MessageEnvelope envelope = undeliverable.envelope();
    if ("true".equals(envelope.headers().get(ResourceMessage.STREAM_STATE_SUBSCRIBER))) {
      int dropped = 0;
      for (ProcRecord rec : created.values()) {
        dropped += rec.unsubscribe(envelope.dest());
      }
      log.info(
          "{}: state subscriber {} is gone ({}); dropped {} subscription(s)",
          self.selfId(),
          envelope.dest(),
          undeliverable.error(),
          dropped);
      return;
    }
    if ("true".equals(envelope.headers().get(REPLY_HEADER))) {
      log.info(
          "{}: reply {} to {} could not be delivered ({}); the caller is gone",
          self.selfId(),
          envelope.payload().getClass().getSimpleName(),
          envelope.dest(),
          undeliverable.error());
      return;
    }
    throw new UndeliverableMessageException(undeliverable);
  }

  @Override
  public void cleanup(Instance<Object> self, @Nullable Throwable cause) {
    for (ProcRecord rec : created.values()) {
      rec.unwatch();
    }
    tasks.shutdownNow();
  }

  @Override
  public String displayName() {
    return HostRef.HOST_AGENT_NAME;
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable error) {
    Throwable e = error;
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** A proc's creation finished, with the proc or the error. */
  record ProcCreated(ResourceId id, @Nullable HostedProc<Object> proc, @Nullable Throwable error) {}

  /** A proc's process status changed. */
  record ProcStatusChanged(ResourceId id) {}

  /** A drain or shutdown's terminations finished. */
  record Drained(io.hyperactor.ref.OncePortRef<HostAck> ack, boolean all, boolean shutdown) {}

  /** Time to stop procs whose keepalive expired. */
  record CheckOrphans() {}
}
