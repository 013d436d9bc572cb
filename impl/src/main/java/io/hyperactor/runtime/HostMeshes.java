package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.host.Host;
import io.hyperactor.internal.mesh.HostAgent;
import io.hyperactor.internal.mesh.HostAgentOptions;
import io.hyperactor.internal.mesh.HostMeshImpl;
import io.hyperactor.internal.mesh.HostMeshRefImpl;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.HostRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** The label of the id of a mesh of attached hosts. */
  private static final String ATTACHED_MESH_NAME = "attached";

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
        HostAgent.boot(
            host,
            new HostAgentOptions<@Nullable Void>(
                system.config(), (rank, spec) -> null, system::bootInJvmAgent, () -> {}));
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
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("process host meshes are not implemented yet"));
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
    return HostMeshImpl.attach(client, ref, system.config().propagatingValues())
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
