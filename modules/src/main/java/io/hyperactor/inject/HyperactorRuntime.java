package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.util.concurrent.AbstractIdleService;
import io.hyperactor.ClientInstance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.Attr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.id.ProcId;
import io.hyperactor.inject.GatewayMessages.GatewayMsg;
import io.hyperactor.inject.GatewayMessages.ListActors;
import io.hyperactor.inject.GatewayMessages.SpawnActor;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.ref.ActorRef;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Hyperactor runtime of one application: a host on the selected transport, creating
 * procs through the selected proc manager.
 *
 * <p>A Guava {@link com.google.common.util.concurrent.Service}: {@code startAsync()} (or {@link
 * #start()}) binds and serves the host; {@link #close()} stops every proc, server, thread and child
 * process the runtime started. Obtain it from an injector built with {@link HyperactorCoreModule}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(HyperactorModules.fromConfig(config, new AppModule()));
 * try (HyperactorRuntime runtime = injector.getInstance(HyperactorRuntime.class).start()) {
 *   HostedProc<Object> proc = runtime.spawnProc("worker-0", 0);
 *   SpawnedActor worker = runtime.spawnActor(proc, "worker", "demo.worker", new byte[0]);
 * }
 * }</pre>
 *
 * <p>On start the runtime records the selected manager and transport in the configuration's
 * runtime layer ({@code proc_manager}, {@code default_transport}), so that child procs, which
 * rebuild their wiring from the parent's serialized configuration, run the same wiring. A higher
 * layer (an environment variable, a system property, a test override) that names another wiring
 * would win over that record, so the runtime then fails to start, naming the key.
 */
public final class HyperactorRuntime extends AbstractIdleService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HyperactorRuntime.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DEFAULT_ACTOR_TIMEOUT = Duration.ofSeconds(60);

  private final HyperactorConfig config;
  private final CodecRegistry codecs;
  private final SpawnableRegistry spawnables;
  private final Wiring wiring;
  private volatile @Nullable RuntimeHost<?> host;
  private volatile @Nullable ClientInstance client;

  @Inject
  HyperactorRuntime(
      HyperactorConfig config, CodecRegistry codecs, SpawnableRegistry spawnables, Wiring wiring) {
    this.config = config;
    this.codecs = codecs;
    this.spawnables = spawnables;
    this.wiring = wiring;
  }

  /** Starts the runtime and waits until the host serves; returns this. */
  public HyperactorRuntime start() {
    startAsync().awaitRunning();
    return this;
  }

  @Override
  protected void startUp() {
    record(HyperactorAttrs.PROC_MANAGER, wiring.manager().kind());
    record(HyperactorAttrs.DEFAULT_TRANSPORT, wiring.transport().transport());
    RuntimeHost<?> opened =
        wiring.manager().open(config, codecs, spawnables, wiring.transport().transport());
    try {
      opened.host().serve();
      client = opened.host().serviceProc().instance("runtime_client");
    } catch (RuntimeException e) {
      opened.host().close();
      throw e;
    }
    host = opened;
    log.info(
        "runtime started: {} procs over {} at {}",
        wiring.manager().kind(),
        wiring.transport().transport(),
        opened.host().addr());
  }

  /** Records part of the wiring in the runtime layer, failing when a higher layer disagrees. */
  private <T> void record(Attr<T> attr, T wired) {
    config.set(attr, wired);
    T resolved = config.get(attr);
    checkState(
        resolved.equals(wired),
        "%s is %s from the %s layer, but this runtime is wired with %s; child procs rebuild their"
            + " wiring from the configuration and would run %s. Remove that setting or choose the"
            + " wiring with HyperactorModules.fromConfig",
        attr.hoconPath(),
        resolved,
        config.layerOf(attr),
        wired,
        resolved);
  }

  @Override
  protected void shutDown() {
    RuntimeHost<?> h = host;
    // The client lives on the service proc, which closing the host tears down; closing it first
    // would make late returns to it (from procs ending now) fail loudly.
    if (h != null) {
      h.host().close();
    }
    log.info("runtime stopped");
  }

  /**
   * Stops every proc, server, thread and child process this runtime started, and waits for them.
   * Safe to call in any state, any number of times.
   */
  @Override
  public void close() {
    stopAsync();
    try {
      awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "runtime did not stop within " + STOP_TIMEOUT.toSeconds() + " s", e);
    } catch (IllegalStateException e) {
      // A failed start already released what it had opened; nothing more to stop.
      log.debug("runtime close after failure: {}", e.getMessage());
    }
  }

  /** The proc manager the modules selected. */
  public ProcManagerKind managerKind() {
    return wiring.manager().kind();
  }

  /** The transport the modules selected. */
  public ChannelTransport transport() {
    return wiring.transport().transport();
  }

  /** The configuration the runtime reads. */
  public HyperactorConfig config() {
    return config;
  }

  /** The codec registry of every channel the runtime opens. */
  public CodecRegistry codecs() {
    return codecs;
  }

  /** The running host. */
  public Host<Object, ?> host() {
    return running().host();
  }

  /** A client instance on the host's service proc, for sending messages and opening ports. */
  public ClientInstance client() {
    running();
    return checkNotNull(client, "client");
  }

  /**
   * Spawns proc {@code name} with {@code rank} and waits until it is ready.
   *
   * @throws io.hyperactor.host.HostException when the proc cannot be created or does not become
   *     ready
   */
  public HostedProc<Object> spawnProc(String name, int rank) {
    return running().spawn(name, rank);
  }

  /** The handle of a proc this runtime spawned: its status, exit and termination. */
  public Optional<ProcHandle<Object>> procHandle(ProcId procId) {
    return host().manager().handle(procId);
  }

  /**
   * Asks {@code proc}'s agent to create actor {@code name} of the registered spawnable type
   * {@code typeName} and returns what the agent reported; a type not registered on that proc
   * comes back with a {@code Failed(...)} status naming the registered types.
   *
   * @throws TimeoutException when the proc does not answer within 60 s
   */
  public SpawnedActor spawnActor(HostedProc<?> proc, String name, String typeName, byte[] params)
      throws TimeoutException, InterruptedException {
    OncePortReceiver<SpawnedActor> reply = client().openOncePort();
    gateway(proc.procId())
        .send(client(), new SpawnActor(name, typeName, params, 0, reply.handle().bind()));
    return reply.recv(DEFAULT_ACTOR_TIMEOUT);
  }

  /**
   * The live actors of {@code proc} with their statuses.
   *
   * @throws TimeoutException when the proc does not answer within 60 s
   */
  public ActorTree actorTree(HostedProc<?> proc) throws TimeoutException, InterruptedException {
    OncePortReceiver<ActorTree> reply = client().openOncePort();
    gateway(proc.procId()).send(client(), new ListActors(reply.handle().bind()));
    return reply.recv(DEFAULT_ACTOR_TIMEOUT);
  }

  /**
   * Waits until every message sent through the host so far has been acknowledged by the channel
   * of its destination, at most {@code timeout}.
   *
   * @throws Exception when a channel could not be flushed in time
   */
  public void flush(Duration timeout) throws Exception {
    host().serviceProc().forwarder().flush(timeout);
  }

  private static ActorRef<GatewayMsg> gateway(ProcId procId) {
    return ActorRef.attest(procId.actorId(AgentGateway.NAME));
  }

  private RuntimeHost<?> running() {
    RuntimeHost<?> h = host;
    checkState(
        h != null && state() == State.RUNNING,
        "runtime is not running (state: %s); call start() first",
        state());
    return h;
  }
}
