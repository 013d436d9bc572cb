package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mesh.HostAgent;
import io.hyperactor.internal.mesh.HostInfo;
import io.hyperactor.internal.mesh.HostMeshImpl;
import io.hyperactor.internal.mesh.HostMeshRefImpl;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Where host meshes come from: hosts in this JVM, hosts forked as child JVMs, or hosts already
 * running elsewhere.
 *
 * <p>Every host runs a host agent on its service proc, which creates, stops and reports the procs
 * that proc meshes are made of. The mesh's extent is {@code {hosts: n}}. Closing the mesh (or
 * {@link HostMesh#shutdown()}) stops every proc and shuts the hosts down, attached ones included;
 * {@link HostMesh#stop()} stops only the mesh's procs and leaves the hosts running, to be attached
 * to again. Closing the actor system closes the hosts it started.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create();
 *     HostMesh hosts = HostMeshes.local(system, 2)) {
 *   ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).join();
 * }
 * }</pre>
 */
public final class HostMeshes {
  /** The label of the id of a mesh of in-process hosts. */
  private static final String LOCAL_MESH_NAME = "local";

  /** The label of the id of a mesh of forked hosts. */
  private static final String PROCESS_MESH_NAME = "process";

  /** The label of the id of the mesh of a runtime's hosts. */
  private static final String RUNTIME_MESH_NAME = "runtime";

  /** The label of the id of a mesh of attached hosts. */
  private static final String ATTACHED_MESH_NAME = "attached";

  /** How long a started host JVM may take to tell its address. */
  private static final Duration HOST_INFO_TIMEOUT = Duration.ofSeconds(30);

  /** How long shut-down host JVMs are given to exit on their own before they are stopped. */
  private static final Duration HOST_EXIT_WAIT = Duration.ofSeconds(10);

  private HostMeshes() {}

  /**
   * A mesh of {@code hosts} hosts in this JVM, on the configured {@code default_transport}, whose
   * procs run in this JVM too: the mesh of tests and single-process applications.
   *
   * @throws IllegalArgumentException when {@code hosts} is not positive
   */
  public static HostMesh local(ActorSystem system, int hosts) {
    checkNotNull(system, "system");
    checkArgument(hosts > 0, "a host mesh needs at least one host, got %s", hosts);
    ChannelTransport transport = system.config().get(HyperactorAttrs.DEFAULT_TRANSPORT);
    if (!system.channels().supports(transport)) {
      // An application with the runtime alone reaches in-JVM hosts over the local transport.
      transport = ChannelTransport.LOCAL;
    }
    List<Host<Object, @Nullable Void>> started = new ArrayList<>();
    try {
      List<HostRef> refs = new ArrayList<>();
      for (int i = 0; i < hosts; i++) {
        Host<Object, @Nullable Void> host = system.localHost(ChannelAddr.any(transport));
        started.add(host);
        host.serve();
        HostAgent.bootOn(host, system.config(), system::bootInJvmAgent, () -> {});
        refs.add(new HostRef(host.addr()));
      }
      HostMeshRefImpl ref = HostMeshRefImpl.of(HostMeshId.instance(LOCAL_MESH_NAME), refs);
      return new HostMeshImpl(ref, system.client(), () -> closeAll(started));
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static void closeAll(List<? extends Host<?, ?>> hosts) {
    for (Host<?, ?> host : hosts) {
      host.close();
    }
  }

  /**
   * A mesh of hosts this application already runs, made by {@code system} ({@link
   * ActorSystem#localHost} or {@link ActorSystem#processHost}) and serving: a host agent is started
   * on each. The hosts stay their owner's: the mesh's {@link HostMesh#shutdown()} stops only the
   * procs it spawned, and closing the hosts (or the system) ends the rest. This is the host mesh a
   * Guice runtime hands out.
   *
   * @throws IllegalArgumentException when a host's proc manager is not one of the runtime's
   */
  public static HostMesh ofHosts(ActorSystem system, List<? extends Host<Object, ?>> hosts) {
    checkNotNull(system, "system");
    checkNotNull(hosts, "hosts");
    checkArgument(!hosts.isEmpty(), "a host mesh needs at least one host");
    List<HostRef> refs = new ArrayList<>();
    for (Host<Object, ?> host : hosts) {
      HostAgent.bootOn(host, system.config(), system::bootInJvmAgent, () -> {});
      refs.add(new HostRef(host.addr()));
    }
    return HostMeshImpl.borrowing(
        HostMeshRefImpl.of(HostMeshId.instance(RUNTIME_MESH_NAME), refs), system.client());
  }

  /**
   * A mesh of {@code hosts} hosts, each a child JVM running {@link HostMain} whose procs are child
   * JVMs of their host; each host dies with this JVM. Completes once every host serves.
   */
  public static CompletableFuture<HostMesh> process(ActorSystem system, int hosts) {
    return process(system, hosts, HostProcessOptions.defaults());
  }

  /** As {@link #process(ActorSystem, int)}, with the host JVMs started as {@code options} say. */
  public static CompletableFuture<HostMesh> process(
      ActorSystem system, int hosts, HostProcessOptions options) {
    checkNotNull(system, "system");
    checkNotNull(options, "options");
    checkArgument(hosts > 0, "a host mesh needs at least one host, got %s", hosts);
    ChannelTransport transport = system.config().get(HyperactorAttrs.DEFAULT_TRANSPORT);
    if (transport == ChannelTransport.LOCAL || !system.channels().supports(transport)) {
      return CompletableFuture.failedFuture(
          new MeshException(
              MeshException.Kind.CONFIGURATION,
              "a process host mesh needs a network transport to reach its host JVMs, but"
                  + " default_transport is "
                  + transport
                  + (system.channels().supports(transport) ? "" : ", which is not on the class path")
                  + "; set hyperactor.default_transport to unix or tcp and add"
                  + " hyperactor-grpc-transport"));
    }
    ProcessProcManagerOptions base = ProcessProcManagerOptions.fromConfig(system.config());
    ProcessProcManagerOptions launch =
        base.withTransport(transport)
            .withMainClass(options.hostMainClass())
            .withJvmArgs(
                ImmutableList.<String>builder()
                    .addAll(base.jvmArgs())
                    .addAll(options.jvmArgs())
                    .build())
            .withEnv(
                ImmutableMap.<String, String>builder()
                    .putAll(base.env())
                    .putAll(options.env())
                    .put(HostMain.PROC_MAIN_CLASS_ENV, options.procMainClass())
                    .buildKeepingLast());
    Host<Object, ProcessProcConfig> launcher;
    try {
      launcher = system.processHost(ChannelAddr.any(transport), launch);
      launcher.serve();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new MeshException(
              MeshException.Kind.HOST, "cannot start the host JVMs: " + e.getMessage(), e));
    }
    ClientInstance client = system.client();
    List<CompletableFuture<HostRef>> started = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      started.add(startHost(launcher, client, i));
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture<?>[]::new))
        .handle(
            (ignored, error) -> {
              if (error != null) {
                launcher.close();
                Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
                throw new MeshException(
                    MeshException.Kind.HOST,
                    "cannot start a host JVM: " + cause.getMessage(),
                    cause);
              }
              List<HostRef> refs = started.stream().map(CompletableFuture::join).toList();
              HostMeshRefImpl ref = HostMeshRefImpl.of(HostMeshId.instance(PROCESS_MESH_NAME), refs);
              return new HostMeshImpl(ref, client, () -> releaseHostJvms(launcher));
            });
  }

  /**
   * Lets every host JVM that was shut down exit on its own, which it does once its frontend has
   * acknowledged everything it received, then stops whatever is left.
   */
  private static void releaseHostJvms(Host<Object, ProcessProcConfig> launcher) {
    long deadline = System.nanoTime() + HOST_EXIT_WAIT.toNanos();
    for (String name : launcher.procNames()) {
      launcher
          .manager()
          .handle(new ProcId(launcher.addr(), name))
          .ifPresent(
              handle -> {
                long left = deadline - System.nanoTime();
                try {
                  handle.waitForExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                  // Still running or lost: closing the launcher stops it.
                }
              });
    }
    launcher.close();
  }

  /** Starts host JVM {@code rank} and asks it for its host's address. */
  private static CompletableFuture<HostRef> startHost(
      Host<Object, ProcessProcConfig> launcher, ClientInstance client, int rank) {
    CompletableFuture<HostedProc<Object>> proc = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("hyperactor-host-start-" + rank)
        .start(
            () -> {
              try {
                proc.complete(launcher.spawn("host-" + rank, ProcessProcConfig.ofRank(rank)));
              } catch (RuntimeException e) {
                proc.completeExceptionally(e);
              }
            });
    return proc.thenCompose(
            hosted -> {
              ActorRef<HostInfo.Get> info =
                  ActorRef.attest(hosted.procId().actorId(HostInfo.NAME));
              return info.<ChannelAddr>ask(client, HostInfo.Get::new, HOST_INFO_TIMEOUT);
            })
        .thenApply(HostRef::new);
  }

  /**
   * A mesh of the hosts already running at {@code addrs} (their frontend addresses), after pushing
   * this system's configuration to every one of them. The push fails closed: the future fails with
   * a {@link io.hyperactor.mesh.MeshException} {@code CONFIG_PUSH_FAILED} naming every host that
   * did not confirm within {@code mesh_attach_config_timeout}.
   */
  public static CompletableFuture<HostMesh> attach(ActorSystem system, List<ChannelAddr> addrs) {
    checkNotNull(system, "system");
    checkNotNull(addrs, "addrs");
    checkArgument(!addrs.isEmpty(), "a host mesh needs at least one host");
    List<HostRef> refs = addrs.stream().map(HostRef::new).toList();
    HostMeshRefImpl ref = HostMeshRefImpl.of(HostMeshId.instance(ATTACHED_MESH_NAME), refs);
    ClientInstance client = system.client();
    return HostMeshImpl.attach(client, ref, ImmutableMap.copyOf(system.config().propagatingValues()))
        .thenApply(ignored -> new HostMeshImpl(ref, client, () -> {}));
  }

  /**
   * Parses the display form of a host mesh ref, {@code <id>:<host0>,<host1>,...@<region>}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static HostMeshRef parseRef(String text) {
    return HostMeshRefImpl.parse(text);
  }
}
