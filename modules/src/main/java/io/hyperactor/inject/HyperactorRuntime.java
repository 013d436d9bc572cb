package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.util.concurrent.AbstractIdleService;
import io.hyperactor.ActorTree;
import io.hyperactor.ClientInstance;
import io.hyperactor.SpawnKey;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.Attr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.MeshAdminHosts;
import io.hyperactor.runtime.MeshAdminServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Hyperactor runtime of one application, as Guice wires it: the {@link ActorSystem}
 * and a host on the selected transport whose procs the selected proc manager creates.
 *
 * <p>A Guava {@link com.google.common.util.concurrent.Service}: {@code startAsync()} (or {@link
 * #start()}) binds and serves the host; {@link #close()} closes the host and then the actor system,
 * which stops every proc, server, thread and child process the runtime started. It extends a Guava
 * type because its lifecycle is the {@code Service} state machine, which an application's Guava
 * {@code ServiceManager} can start and stop with its other services, and whose {@code state()},
 * {@code failureCause()} and listeners report a failed start. Obtain it from an injector built
 * with {@link HyperactorCoreModule}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(HyperactorModules.fromConfig(config, new AppModule()));
 * try (HyperactorRuntime runtime = injector.getInstance(HyperactorRuntime.class).start()) {
 *   HostedProc<Object> proc = runtime.spawnProc("worker-0", 0);
 *   ActorRef<WorkerMsg> worker = runtime.spawn(proc, "worker", Worker.KEY, new WorkerParams(4)).join();
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

  private final ActorSystem system;
  private final Wiring wiring;
  private final boolean adminModule;
  /** The hosts the admin server shows: this runtime's host, then each host mesh it made. */
  private final MeshAdminHosts adminHosts = new MeshAdminHosts();
  private volatile @Nullable MeshAdmin meshAdmin;
  private volatile @Nullable RuntimeHost<?> host;
  private volatile @Nullable ClientInstance client;
  private volatile @Nullable HostMesh hostMesh;

  @Inject
  HyperactorRuntime(
      ActorSystem system, Wiring wiring, Optional<MeshAdminModule.Enabled> adminModule) {
    this.system = system;
    this.wiring = wiring;
    this.adminModule = adminModule.isPresent();
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
    RuntimeHost<?> opened = wiring.manager().open(system, wiring.transport().transport());
    try {
      opened.host().serve();
      client = opened.host().serviceProc().instance("runtime_client");
      HostMesh mesh = HostMeshes.ofHosts(system, List.of(opened.host()));
      hostMesh = mesh;
      adminHosts.add(mesh);
      if (adminModule || system.config().get(HyperactorAttrs.MESH_ADMIN_ENABLED)) {
        meshAdmin = MeshAdminServer.start(system, opened.host().serviceProc(), adminHosts);
      }
    } catch (RuntimeException e) {
      closeAdmin();
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
    HyperactorConfig config = system.config();
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

  private void closeAdmin() {
    MeshAdmin admin = meshAdmin;
    if (admin != null) {
      admin.close();
    }
  }

  @Override
  protected void shutDown() {
    // The admin server first, so that no request asks a proc that is stopping.
    closeAdmin();
    // The system closes the host first (its procs, child JVMs and the client on its service proc),
    // then its own threads.
    system.close();
    log.info("runtime stopped");
  }

  /**
   * Stops every proc, server, thread and child process this runtime started, and waits for them.
   * Safe to call in any state, any number of times.
   */
  @Override
  public void close() {
    if (state() == State.NEW) {
      // Never started: the system may still own threads made by direct use; stop them too.
      system.close();
    }
    stopAsync();
    try {
      awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "runtime did not stop within " + STOP_TIMEOUT.toSeconds() + " s", e);
    } catch (IllegalStateException e) {
      // A failed start already released what it had opened; close what the system still holds.
      system.close();
      log.debug("runtime close after failure: {}", e.getMessage());
    }
  }

  /**
   * The mesh admin HTTP server, when the runtime runs one ({@code mesh_admin_enabled = true} or
   * {@link MeshAdminModule} installed): it shows this runtime's host and every host mesh made by
   * {@link #spawnHostMesh} and {@link #attachHostMesh}, and stops with the runtime.
   *
   * <pre>{@code
   * runtime.meshAdmin().ifPresent(admin -> System.out.println("mesh admin at " + admin.uri()));
   * }</pre>
   */
  public Optional<MeshAdmin> meshAdmin() {
    return Optional.ofNullable(meshAdmin);
  }

  /** The actor system this runtime runs on. */
  public ActorSystem system() {
    return system;
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
    return system.config();
  }

  /** The running host. */
  public Host<Object, ?> host() {
    return running().host();
  }

  /**
   * The runtime's host as a host mesh of one host ({@code {hosts: 1}}), whose proc meshes are
   * made by the wiring's proc manager: child JVMs or in-JVM procs. Its procs stop with the
   * runtime; its shutdown stops only the procs it spawned.
   *
   * <pre>{@code
   * ProcMesh procs = runtime.hostMesh().spawnProcs("workers", Extent.of("gpus", 4)).join();
   * }</pre>
   */
  public HostMesh hostMesh() {
    running();
    return checkNotNull(hostMesh, "hostMesh");
  }

  /**
   * Starts a host mesh of {@code hosts} new hosts ({@code {hosts: n}}), made as this runtime's
   * wiring makes procs. Under {@link ProcessProcManagerModule} every host is a child JVM ({@link
   * GuiceHostMain}) whose procs are child JVMs of its own ({@link GuiceChildMain}), and all of them
   * install the application modules the runtime's children install, so they know its message and
   * spawnable types. Under {@link LocalProcManagerModule} the hosts and their procs run in this
   * JVM. The mesh's {@link HostMesh#shutdown()} ends its hosts; whatever is still running when
   * the runtime closes ends with it.
   *
   * <pre>{@code
   * HostMesh hosts = runtime.spawnHostMesh(2).join();
   * ProcMesh procs = hosts.spawnProcs("workers", Extent.of("procs", 4)).join();  // 2 x 4
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code hosts} is not positive
   */
  public CompletableFuture<HostMesh> spawnHostMesh(int hosts) {
    checkArgument(hosts > 0, "a host mesh needs at least one host, not %s", hosts);
    running();
    return wiring.manager().spawnHostMesh(system, hosts).thenApply(this::shownByAdmin);
  }

  /**
   * A mesh of the standalone hosts already running at {@code addrs} (their advertised frontend
   * addresses, as {@code hyperactor host} prints them), after pushing this runtime's configuration
   * to each one: upstream's extrinsic allocation. The hosts must know the application's message
   * and spawnable types (started with the same application modules). The mesh's {@link
   * HostMesh#stop()} stops the procs it spawned and leaves the hosts running for the next client;
   * {@link HostMesh#shutdown()} ends the hosts too.
   *
   * <pre>{@code
   * HostMesh hosts =
   *     runtime.attachHostMesh(List.of(ChannelAddr.parse("tcp:host-0.hosts:26600"))).join();
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code addrs} is empty
   */
  public CompletableFuture<HostMesh> attachHostMesh(List<ChannelAddr> addrs) {
    checkNotNull(addrs, "addrs");
    checkArgument(!addrs.isEmpty(), "a host mesh needs at least one host address");
    running();
    return HostMeshes.attach(system, addrs).thenApply(this::shownByAdmin);
  }

  /** A client instance on the host's service proc, for sending messages and asking. */
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
   * Asks {@code proc} to spawn root actor {@code name} of the registered type {@code key} with
   * {@code params}; the future completes with its ref once it runs, or with a {@link
   * io.hyperactor.SpawnException} carrying the proc's reason. See {@link ActorSystem#spawn}.
   */
  public <M, P> CompletableFuture<ActorRef<M>> spawn(
      HostedProc<?> proc, String name, SpawnKey<M, P> key, P params) {
    return system.spawn(client(), proc.procId(), name, key, params);
  }

  /** Spawns an actor whose type takes no parameters; see {@link #spawn(HostedProc, String, SpawnKey, Object)}. */
  public <M> CompletableFuture<ActorRef<M>> spawn(
      HostedProc<?> proc, String name, SpawnKey<M, Void> key) {
    return system.spawn(client(), proc.procId(), name, key);
  }

  /** The live actors of {@code proc} with their statuses, parents before children. */
  public CompletableFuture<ActorTree> actorTree(HostedProc<?> proc) {
    return system.actorTree(client(), proc.procId());
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

  private HostMesh shownByAdmin(HostMesh mesh) {
    adminHosts.add(mesh);
    return mesh;
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
