package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ActorTree;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.Scheduler;
import io.hyperactor.SpawnException;
import io.hyperactor.SpawnKey;
import io.hyperactor.Spawnable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.codec.MessageCodecs;
import io.hyperactor.config.ConfigEntry;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ConfigDump;
import io.hyperactor.debug.CpuProfileRecording;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.Telemetry;
import io.hyperactor.internal.agent.AgentGateway;
import io.hyperactor.internal.agent.ConfigDumpResult;
import io.hyperactor.internal.agent.CpuProfile;
import io.hyperactor.internal.agent.CpuProfileResult;
import io.hyperactor.internal.agent.GatewayMessages.GatewayMsg;
import io.hyperactor.internal.agent.GatewayMessages.ListActors;
import io.hyperactor.internal.agent.GatewayMessages.SpawnActor;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.agent.ProcAgentOptions;
import io.hyperactor.internal.agent.ProfileDurations;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.agent.SpawnedActor;
import io.hyperactor.internal.agent.ThreadDump;
import io.hyperactor.internal.host.AttachedProc;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.LocalProcManager;
import io.hyperactor.internal.host.ProcessProcManager;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mesh.HostAgentMessage.GetProcLogs;
import io.hyperactor.internal.mesh.HostAgentMessage.ProcLogsReply;
import io.hyperactor.internal.mesh.MeshCodecs;
import io.hyperactor.internal.mesh.cast.CastCodecs;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.ref.ActorRef;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actor runtime: the object an application creates first and closes last, as Pekko's {@code
 * ActorSystem}.
 *
 * <p>It owns its configuration, the dispatcher pool that runs actors (and its watchdog), the
 * scheduler behind timers and ask timeouts, the channels (with a {@code local:N} address space of
 * its own), the codec registry of the message types it may send over the network, and the actor
 * types other JVMs may ask it to spawn. Procs and hosts are created from it, and {@link #close()}
 * stops every proc, host, server, thread and child process it started. Nothing of it is JVM-global:
 * two systems in one JVM, with different settings, do not share a thread.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create()) {
 *   Proc proc = system.localProc("app");
 *   ActorHandle<CounterMsg> counter = proc.spawn("counter", new Counter());
 *   long value = counter.ask(system.client(), Get::new, Duration.ofSeconds(5)).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ActorSystem implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActorSystem.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** How long a remote spawn or actor listing waits for the proc by default. */
  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(60);

  private final RuntimeServices services;
  private final EnvelopeCodec envelopeCodec;
  private final Object lock = new Object();
  // Guarded by lock: what close() stops, newest first.
  private final Deque<Runnable> closers = new ArrayDeque<>();
  private @Nullable ClientInstance client;
  private boolean closed;

  private ActorSystem(RuntimeServices services) {
    this.services = services;
    this.envelopeCodec = new EnvelopeCodec(services.codecs());
  }

  /** A system named {@code hyperactor} with the process configuration ({@link HyperactorConfig#global()}). */
  public static ActorSystem create() {
    return builder().build();
  }

  /** A system named {@code hyperactor} reading {@code config}. */
  public static ActorSystem create(HyperactorConfig config) {
    return builder().config(config).build();
  }

  /** A builder for a system with registered message types, spawnable actors and other options. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ what it owns

  /** The system's name; it names the system's threads. */
  public String name() {
    return services.name();
  }

  /** The configuration every part of this system reads. */
  public HyperactorConfig config() {
    return services.config();
  }

  /** The scheduler behind timers, delayed messages and ask timeouts. */
  public Scheduler scheduler() {
    return services.scheduler();
  }

  /** The channels of this system: the transports on the class path, configured by this system. */
  public Channels channels() {
    return services.channels();
  }

  /** The message types this system can encode and decode. */
  public MessageCodecs codecs() {
    return services.codecs();
  }

  /** The codec of whole message envelopes, for serving or dialing a channel of envelopes. */
  public ChannelCodec<MessageEnvelope> envelopeCodec() {
    return envelopeCodec;
  }

  /** The actor types that other JVMs may ask this system's procs to spawn, sorted. */
  public SortedSet<String> spawnableTypes() {
    return services.spawnables().typeNames();
  }

  /** The OpenTelemetry instance this system exports to ({@link Builder#openTelemetry}). */
  public OpenTelemetry openTelemetry() {
    return services.telemetry().openTelemetry();
  }

  /** The services behind this system, for the runtime's own entry points in this package. */
  RuntimeServices services() {
    return services;
  }

  // ------------------------------------------------------------------ procs

  /**
   * A proc that lives in this JVM only: it reaches the other procs of this system (in this JVM),
   * and a message for any other proc comes back to its sender as undeliverable. Stopped by {@link
   * #close()} unless destroyed before.
   *
   * <p>Every proc an actor system makes reaches the system's other procs in this JVM directly,
   * without encoding or sockets, whatever their addresses.
   */
  public Proc localProc(String name) {
    return own(Procs.local(services, checkNotNull(name, "name"), services.exitHook()));
  }

  /**
   * A proc served on its own channel at {@code addr} ({@code ChannelAddr.any(transport)} picks a
   * fresh address; the proc's id carries the one bound), which reaches other procs by dialing the
   * address in their ids. This is how two JVMs talk without a host.
   *
   * @throws io.hyperactor.channel.ChannelException when {@code addr} cannot be served
   */
  public Proc directProc(ChannelAddr addr, String name) {
    return own(Procs.direct(addr, name, services, services.exitHook()));
  }

  /**
   * Makes the {@linkplain #directProc direct proc} {@code proc} send everything for {@code peer} to
   * {@code via} (a proxy, or an address the peer is reachable at from here) instead of the address
   * in the peer's id. Messages sent afterwards take the new route.
   *
   * @throws IllegalArgumentException when {@code proc} is not a direct proc of this runtime
   */
  public void route(Proc proc, ProcId peer, ChannelAddr via) {
    Procs.route(checkNotNull(proc, "proc"), peer, via);
  }

  /** A proc whose messages for other procs go to {@code forwarder} (a router of your own). */
  public Proc proc(ProcId procId, MailboxSender forwarder) {
    return own(Procs.configured(procId, forwarder, services, services.exitHook()));
  }

  /**
   * Boots a proc agent and its spawn gateway on {@code proc}, so that callers in any JVM can
   * spawn this system's {@linkplain Builder#spawnable spawnable types} there ({@link #spawn}) and
   * list its actors ({@link #actorTree}). Procs of hosts and child JVMs have them already.
   */
  public void startAgent(Proc proc) {
    checkNotNull(proc, "proc");
    bootInJvmAgent(proc);
  }

  /** Boots the agent and gateway of an in-JVM proc; returns the agent. */
  ActorHandle<Object> bootInJvmAgent(Proc proc) {
    ActorHandle<Object> agent = ProcAgent.boot(proc, inJvmAgentOptions(proc));
    AgentGateway.boot(proc, config());
    return agent;
  }

  private ProcAgentOptions inJvmAgentOptions(Proc proc) {
    // An in-JVM proc must not end the JVM when its agent finishes StopAll.
    return ProcAgentOptions.defaults(config(), services.spawnables())
        .withExitHook(
            code ->
                log.info(
                    "in-JVM proc {} finished StopAll (code {}); the process keeps running",
                    proc.procId(),
                    code));
  }

  /**
   * A client instance for sending messages and asking from outside any actor. It lives on a proc
   * of its own, served on the configured {@code default_transport} when that transport is on the
   * class path, so replies from other JVMs reach it too; without it (an application with the
   * runtime alone), on a proc that reaches this system's procs only. Made on first use; closed
   * with the system.
   */
  public ClientInstance client() {
    synchronized (lock) {
      checkState(!closed, "actor system %s is closed", name());
      if (client == null) {
        ChannelTransport transport = config().get(HyperactorAttrs.DEFAULT_TRANSPORT);
        Proc proc;
        if (services.channels().supports(transport)) {
          proc = directProc(ChannelAddr.any(transport), "client");
        } else {
          log.debug(
              "actor system {}: no {} transport on the class path; its client reaches this"
                  + " system's procs only",
              name(),
              transport);
          proc = localProc("client");
        }
        client = proc.instance("client");
      }
      return client;
    }
  }

  /**
   * Subscribes {@code listener} to every failure and stop that a mesh owned in this system reports
   * to its owner ({@link io.hyperactor.mesh.ActorMesh#nextSupervisionEvent()} sees the same ones);
   * closing the result unsubscribes it. The listener runs on the reporting mesh's supervision
   * thread: it must hand the failure off without blocking.
   */
  public AutoCloseable subscribeMeshFailures(Consumer<MeshFailure> listener) {
    return services.meshFailures().subscribe(listener);
  }

  // ------------------------------------------------------------------ hosts

  /**
   * A host at {@code addr} whose procs run in this JVM, each with an agent and a spawn gateway.
   * The host serves once you call {@link Host#serve()}; {@link #close()} closes it.
   *
   * @throws io.hyperactor.host.HostException when an address cannot be bound
   */
  public Host<Object, @Nullable Void> localHost(ChannelAddr addr) {
    LocalProcManager<Object> manager =
        new LocalProcManager<>(
            this::bootInJvmAgent,
            services,
            services.exitHook());
    return own(Hosts.create(manager, addr, services, services.exitHook()));
  }

  /**
   * A host at {@code addr} whose procs are child JVMs, started with the options {@code
   * options}; each child restores this system's configuration, boots an agent and a gateway, and
   * dies with this JVM.
   *
   * @throws io.hyperactor.host.HostException when an address cannot be bound
   */
  public Host<Object, ProcessProcConfig> processHost(
      ChannelAddr addr, ProcessProcManagerOptions options) {
    ProcessProcManager manager = new ProcessProcManager(options, services.channels());
    return own(Hosts.create(manager, addr, services, services.exitHook()));
  }

  /**
   * A process host with the options this system's configuration gives ({@link
   * ProcessProcManagerOptions#fromConfig}).
   */
  public Host<Object, ProcessProcConfig> processHost(ChannelAddr addr) {
    return processHost(addr, ProcessProcManagerOptions.fromConfig(config()));
  }

  /**
   * A proc of this JVM attached to the host whose attach address is {@code attachAddr}: the host
   * assigns it an id under its frontend and relays its messages over one duplex link, so it needs
   * no address of its own. Destroying the proc closes the link.
   *
   * @throws io.hyperactor.host.HostException when the host cannot be reached or does not answer
   *     within {@code timeout}
   */
  public Proc attachProc(ChannelAddr attachAddr, Duration timeout) {
    AttachedProc attached =
        AttachedProc.attach(attachAddr, services, services.exitHook(), timeout);
    return own(attached.proc());
  }

  // ------------------------------------------------------------------ remote spawn

  /**
   * Asks the proc {@code procId}, in this JVM or another, to spawn root actor {@code name} of the
   * registered type {@code key} with {@code params}, and returns its ref once it runs. The proc
   * needs an agent (procs of hosts and child JVMs have one; see {@link #startAgent}).
   *
   * <p>The future fails with a {@link SpawnException} that carries the remote proc's reason when
   * the type is not registered there, the parameters do not decode, the factory throws, or the
   * name is taken; and when the proc does not answer within {@link #DEFAULT_REMOTE_TIMEOUT}.
   */
  public <M, P> CompletableFuture<ActorRef<M>> spawn(
      Instance<?> cx, ProcId procId, String name, SpawnKey<M, P> key, P params) {
    return spawn(cx, procId, name, key, params, DEFAULT_REMOTE_TIMEOUT);
  }

  /** As {@link #spawn(Instance, ProcId, String, SpawnKey, Object)}, waiting at most {@code timeout}. */
  public <M, P> CompletableFuture<ActorRef<M>> spawn(
      Instance<?> cx,
      ProcId procId,
      String name,
      SpawnKey<M, P> key,
      P params,
      Duration timeout) {
    checkNotNull(params, "params");
    checkArgument(
        key.paramsType().isInstance(params),
        "params of spawnable type '%s' must be a %s, got %s",
        key.typeName(),
        key.paramsType().getName(),
        params.getClass().getName());
    return spawnEncoded(cx, procId, name, key, services.codecs().encode(params), timeout);
  }

  /** Spawns an actor whose type takes no parameters; see {@link #spawn(Instance, ProcId, String, SpawnKey, Object)}. */
  public <M> CompletableFuture<ActorRef<M>> spawn(
      Instance<?> cx, ProcId procId, String name, SpawnKey<M, Void> key) {
    return spawnEncoded(cx, procId, name, key, new byte[0], DEFAULT_REMOTE_TIMEOUT);
  }

  private <M> CompletableFuture<ActorRef<M>> spawnEncoded(
      Instance<?> cx, ProcId procId, String name, SpawnKey<M, ?> key, byte[] params, Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(procId, "procId");
    checkNotNull(name, "name");
    checkNotNull(key, "key");
    CompletableFuture<SpawnedActor> reply =
        gateway(procId)
            .ask(cx, r -> new SpawnActor(name, key.typeName(), params, 0, r), timeout);
    return reply
        .handle(
            (spawned, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
                throw new SpawnException(procId, name, "no answer from its agent: " + cause);
              }
              if (!spawned.isRunning()) {
                throw new SpawnException(procId, name, spawned.status());
              }
              return ActorRef.<M>attest(spawned.actorId());
            });
  }

  /**
   * Every live actor of the proc {@code procId} (which needs an agent) with its status, parents
   * before children.
   */
  public CompletableFuture<ActorTree> actorTree(Instance<?> cx, ProcId procId) {
    return gateway(procId).ask(cx, ListActors::new, DEFAULT_REMOTE_TIMEOUT);
  }

  /**
   * A thread dump of the process that hosts the proc {@code procId} (which needs an agent), with
   * each actor's thread named.
   */
  public CompletableFuture<ThreadDumpResult> threadDump(Instance<?> cx, ProcId procId) {
    ActorRef<Object> agent = ActorRef.attest(procId.actorId(ProcAgent.PROC_AGENT_ACTOR_NAME));
    return agent.ask(cx, ThreadDump::new, DEFAULT_REMOTE_TIMEOUT);
  }

  /**
   * The resolved configuration of the process that hosts the proc {@code procId} (which needs an
   * agent): every key with its value and the layer that supplied it.
   *
   * <p>The future fails with a {@link ProcDiagnosticsException} ({@code UNDELIVERED}) when the
   * request cannot be delivered to the proc's agent, and with an {@link
   * io.hyperactor.AskTimeoutException} when no answer comes within {@link
   * #DEFAULT_REMOTE_TIMEOUT}.
   */
  public CompletableFuture<ConfigDump> configDump(Instance<?> cx, ProcId procId) {
    return configDump(cx, procId, DEFAULT_REMOTE_TIMEOUT);
  }

  /** As {@link #configDump(Instance, ProcId)}, waiting at most {@code timeout} for the answer. */
  public CompletableFuture<ConfigDump> configDump(
      Instance<?> cx, ProcId procId, Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(procId, "procId");
    checkPositive(timeout, "timeout");
    CompletableFuture<ConfigDumpResult> reply =
        procAgent(procId)
            .ask(cx, io.hyperactor.internal.agent.ConfigDump::new, timeout);
    return undelivered(procId, "config dump", reply)
        .thenApply(
            result ->
                new ConfigDump(
                    procId,
                    result.entries().stream().map(ActorSystem::configEntry).toList()));
  }

  private static ConfigDump.Entry configEntry(ConfigEntry entry) {
    return new ConfigDump.Entry(
        entry.name(), entry.value(), entry.layer().name().toLowerCase(Locale.ROOT));
  }

  /**
   * A CPU profile of the process that hosts the proc {@code procId} (which needs an agent):
   * a JDK Flight Recorder recording of {@code duration}, sent back as bytes so that the proc may
   * be on another machine.
   *
   * <p>The proc's agent checks {@code duration} against its own {@code
   * mesh_admin_pyspy_max_profile_duration}, and refuses a recording that would not fit in one
   * network frame ({@code codec_max_frame_length}). The future fails with a {@link
   * ProcDiagnosticsException}: {@code REJECTED} for a duration out of the proc's bounds, {@code
   * FAILED} when recording failed or the recording is too large (the message names its size and
   * the limit), {@code UNDELIVERED} when the request cannot be delivered; and with an {@link
   * io.hyperactor.AskTimeoutException} when no answer comes within {@code duration} plus {@link
   * #DEFAULT_REMOTE_TIMEOUT}.
   *
   * @throws IllegalArgumentException when {@code duration} is shorter than one second or longer
   *     than this system's {@code mesh_admin_pyspy_max_profile_duration}
   */
  public CompletableFuture<CpuProfileRecording> cpuProfile(
      Instance<?> cx, ProcId procId, Duration duration) {
    return cpuProfile(cx, procId, duration, DEFAULT_REMOTE_TIMEOUT);
  }

  /**
   * As {@link #cpuProfile(Instance, ProcId, Duration)}, waiting at most {@code duration} plus
   * {@code slack} for the answer.
   */
  public CompletableFuture<CpuProfileRecording> cpuProfile(
      Instance<?> cx, ProcId procId, Duration duration, Duration slack) {
    checkNotNull(cx, "cx");
    checkNotNull(procId, "procId");
    checkNotNull(duration, "duration");
    checkPositive(slack, "slack");
    String problem =
        ProfileDurations.problem(
            duration, config().get(HyperactorAttrs.MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION));
    checkArgument(problem == null, "%s", problem);
    CompletableFuture<CpuProfileResult> reply =
        procAgent(procId)
            .ask(cx, r -> new CpuProfile(duration, r), duration.plus(slack));
    return undelivered(procId, "profile", reply)
        .thenApply(
            result ->
                switch (result) {
                  case CpuProfileResult.Ok ok ->
                      CpuProfileRecording.of(ok.pid(), ok.duration(), ok.recording());
                  case CpuProfileResult.Rejected r ->
                      throw new ProcDiagnosticsException(
                          procId,
                          ProcDiagnosticsException.Reason.REJECTED,
                          "proc '" + procId + "' refused the profile: " + r.reason());
                  case CpuProfileResult.Failed f ->
                      throw new ProcDiagnosticsException(
                          procId,
                          ProcDiagnosticsException.Reason.FAILED,
                          "proc '" + procId + "': " + f.reason());
                });
  }

  /**
   * The last {@code lines} lines the process of the proc {@code procId} wrote to stdout and
   * stderr, tagged with their stream, as its host kept them.
   *
   * <p>A child process's output is read by its host, not by the proc, so the request goes to the
   * host agent ({@link HostRef#HOST_AGENT_NAME}) on the service proc of the host whose frontend
   * address is the proc id's address: every proc a host creates is named under that address, so
   * the host follows from the id. The host must run a host agent (every host of a host mesh
   * does), and keeps at most {@code tail_log_lines} lines of each stream per proc.
   *
   * <p>The future fails with a {@link ProcDiagnosticsException}: {@code NO_OUTPUT} for a proc
   * that runs in its host's JVM (it has no output of its own) or a host that keeps no output
   * ({@code tail_log_lines} is 0), {@code NOT_FOUND} when the host knows no such proc, {@code
   * UNDELIVERED} when no host agent answers at the proc's address (a proc made directly, not by a
   * host, has none); and with
   * an {@link io.hyperactor.AskTimeoutException} when no answer comes within {@link
   * #DEFAULT_REMOTE_TIMEOUT}.
   *
   * @throws IllegalArgumentException when {@code lines} is not positive
   */
  public CompletableFuture<ProcLogs> procLogs(Instance<?> cx, ProcId procId, int lines) {
    return procLogs(cx, procId, lines, DEFAULT_REMOTE_TIMEOUT);
  }

  /** As {@link #procLogs(Instance, ProcId, int)}, waiting at most {@code timeout} for an answer. */
  public CompletableFuture<ProcLogs> procLogs(
      Instance<?> cx, ProcId procId, int lines, Duration timeout) {
    checkNotNull(cx, "cx");
    checkNotNull(procId, "procId");
    checkArgument(lines > 0, "lines must be positive, got %s", lines);
    checkPositive(timeout, "timeout");
    ActorRef<Object> hostAgent = ActorRef.attest(new HostRef(procId.addr()).agentId());
    CompletableFuture<ProcLogsReply> reply =
        hostAgent.ask(cx, r -> new GetProcLogs(procId, lines, r), timeout);
    return undelivered(procId, "logs request", reply)
        .thenApply(
            answer -> {
              if (answer.logs() != null) {
                return answer.logs();
              }
              throw new ProcDiagnosticsException(
                  procId, checkNotNull(answer.refusal()), checkNotNull(answer.reason()));
            });
  }

  /** A request that bounced did not reach an agent that would answer it; the error says why. */
  private static <T> CompletableFuture<T> undelivered(
      ProcId procId, String what, CompletableFuture<T> ask) {
    return ask.handle(
        (value, error) -> {
          if (error == null) {
            return value;
          }
          Throwable cause =
              error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
          if (cause instanceof UndeliverableMessageException u) {
            throw new ProcDiagnosticsException(
                procId,
                ProcDiagnosticsException.Reason.UNDELIVERED,
                "the " + what + " for proc '" + procId + "' could not be delivered: "
                    + u.undeliverable().error(),
                u);
          }
          throw cause instanceof CompletionException c ? c : new CompletionException(cause);
        });
  }

  private static void checkPositive(Duration timeout, String name) {
    checkNotNull(timeout, name);
    checkArgument(
        !timeout.isNegative() && !timeout.isZero(), "%s must be positive, got %s", name, timeout);
  }

  private static ActorRef<Object> procAgent(ProcId procId) {
    return ActorRef.attest(procId.actorId(ProcAgent.PROC_AGENT_ACTOR_NAME));
  }

  private static ActorRef<GatewayMsg> gateway(ProcId procId) {
    return ActorRef.attest(procId.actorId(AgentGateway.NAME));
  }

  // ------------------------------------------------------------------ lifecycle

  /** Owns {@code proc} and makes the system's other procs reach it in this JVM. */
  private <T extends Proc> T own(T proc) {
    services.registerInJvm(proc);
    return own(proc, () -> proc.destroyAndWait(CLOSE_TIMEOUT, "actor system closing"));
  }

  private <A, C> Host<A, C> own(Host<A, C> host) {
    return own(host, host::close);
  }

  private <T> T own(T thing, Runnable closer) {
    synchronized (lock) {
      if (!closed) {
        closers.push(closer);
        return thing;
      }
    }
    closer.run();
    throw new IllegalStateException("actor system " + name() + " is closed");
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Stops everything this system started, newest first: hosts (and their child JVMs), procs (and
   * their actors and servers), then the dispatcher pool, its watchdog and the scheduler. Waits for
   * them; safe to call more than once.
   */
  @Override
  public void close() {
    List<Runnable> toRun;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toRun = new ArrayList<>(closers);
      closers.clear();
    }
    for (Runnable closer : toRun) {
      try {
        closer.run();
      } catch (RuntimeException e) {
        log.warn("actor system {}: failure while closing", name(), e);
      }
    }
    services.close();
    log.debug("actor system {} closed", name());
  }

  @Override
  public String toString() {
    return "ActorSystem{" + name() + "}";
  }

  /**
   * Collects what an actor system is built with. Every option has a default: the process
   * configuration, the built-in message types only, no spawnable types, {@code System.exit} as the
   * exit hook, and a scheduler thread of its own.
   *
   * <pre>{@code
   * ActorSystem system = ActorSystem.builder()
   *     .name("app")
   *     .config(HyperactorConfig.load(Path.of("app.conf")))
   *     .codecs(codecs -> codecs.sealed("app.WorkerMsg", WorkerMsg.class))
   *     .spawnable(Worker.KEY, params -> new Worker(params))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    /**
     * The default exit hook: logs, then {@code System.exit} with the code, leaving the decision to
     * whatever supervises the process.
     */
    public static final IntConsumer SYSTEM_EXIT = Procs.SYSTEM_EXIT;

    private String name = "hyperactor";
    private @Nullable HyperactorConfig config;
    private final List<Consumer<CodecRegistrar>> codecs = new ArrayList<>();
    private final List<Consumer<SpawnRegistration>> spawnables = new ArrayList<>();
    private IntConsumer exitHook = SYSTEM_EXIT;
    private @Nullable Scheduler scheduler;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private boolean openTelemetryGiven;
    private boolean perActorMetrics;

    private Builder() {}

    /** Names the system and its threads; default {@code hyperactor}. */
    public Builder name(String name) {
      checkArgument(!checkNotNull(name, "name").isBlank(), "the system name must not be blank");
      this.name = name;
      return this;
    }

    /** The configuration the system reads; default {@link HyperactorConfig#global()}. */
    public Builder config(HyperactorConfig config) {
      this.config = checkNotNull(config, "config");
      return this;
    }

    /** Registers message types; may be called several times. */
    public Builder codecs(Consumer<CodecRegistrar> registration) {
      codecs.add(checkNotNull(registration, "registration"));
      return this;
    }

    /**
     * Registers a spawnable actor type: {@code factory} makes the actor from its decoded
     * parameters when any JVM asks a proc of this system to spawn {@code key}.
     */
    public <M, P> Builder spawnable(
        SpawnKey<M, P> key, Function<? super P, ? extends Actor<M>> factory) {
      return spawnable(Spawnable.of(key, factory));
    }

    /** Registers a spawnable actor type that takes no parameters. */
    public <M> Builder spawnable(SpawnKey<M, Void> key, Supplier<? extends Actor<M>> factory) {
      return spawnable(Spawnable.of(key, factory));
    }

    /** Registers {@code spawnable}; see {@link #spawnable(SpawnKey, Function)}. */
    public <M, P> Builder spawnable(Spawnable<M, P> spawnable) {
      checkNotNull(spawnable, "spawnable");
      spawnables.add(r -> r.registry.register(spawnable.key(), spawnable.factory(), r.codecs));
      return this;
    }

    /**
     * What a proc calls when an actor failure has nowhere to go (a root actor fails and the proc
     * has no supervision coordinator); default: {@code System.exit} with the code. Tests pass a
     * hook that fails the test instead.
     */
    public Builder exitHook(IntConsumer exitHook) {
      this.exitHook = checkNotNull(exitHook, "exitHook");
      return this;
    }

    /**
     * The scheduler for timers, delayed messages and ask timeouts, such as the testkit's manual
     * clock; default: a thread of the system's own. The system does not take ownership of the
     * given scheduler: whoever made it stops it.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = checkNotNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The OpenTelemetry instance the system exports its metrics to and propagates trace context
     * with (docs/operations.md, Telemetry); default {@link OpenTelemetry#noop()}, which costs the
     * runtime nothing. The system never installs it globally and does not close it: whoever made
     * it shuts its SDK down, after closing the system.
     *
     * <pre>{@code
     * OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
     *     .setMeterProvider(meterProvider)
     *     .setTracerProvider(tracerProvider)
     *     .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
     *     .build();
     * ActorSystem system = ActorSystem.builder().openTelemetry(sdk).build();
     * }</pre>
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = checkNotNull(openTelemetry, "openTelemetry");
      openTelemetryGiven = true;
      return this;
    }

    /** The instance {@code fallback} gives, unless {@link #openTelemetry} was called. */
    Builder openTelemetryUnlessGiven(Supplier<OpenTelemetry> fallback) {
      if (!openTelemetryGiven) {
        this.openTelemetry = checkNotNull(fallback.get(), "openTelemetry");
      }
      return this;
    }

    /**
     * Whether actor metrics carry each actor's id ({@code hyperactor.actor.id}) besides its proc
     * and type; default false. Each actor is then a series of its own: for a few long-lived
     * actors, never for many short-lived ones.
     */
    public Builder perActorMetrics(boolean perActorMetrics) {
      this.perActorMetrics = perActorMetrics;
      return this;
    }

    /** Builds and starts the system (its threads start on first use). */
    public ActorSystem build() {
      HyperactorConfig cfg = config != null ? config : HyperactorConfig.global();
      CodecRegistry.Builder registry =
          CastCodecs.register(
              MeshCodecs.register(ProcAgentCodecs.register(CodecRegistry.builder())));
      for (Consumer<CodecRegistrar> registration : codecs) {
        registration.accept(registry);
      }
      CodecRegistry built = registry.build();
      SpawnRegistration spawns =
          new SpawnRegistration(
              CastCodecs.registerSpawnable(new SpawnableRegistry(), built), built);
      for (Consumer<SpawnRegistration> registration : spawnables) {
        registration.accept(spawns);
      }
      return new ActorSystem(
          new RuntimeServices(
              name,
              cfg,
              built,
              spawns.registry,
              exitHook,
              scheduler,
              Telemetry.of(openTelemetry, perActorMetrics)));
    }

    private record SpawnRegistration(SpawnableRegistry registry, CodecRegistry codecs) {}
  }
}
