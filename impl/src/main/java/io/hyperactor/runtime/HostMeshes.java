package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.internal.mesh.HostMeshRefImpl;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostMeshRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where host meshes come from: hosts in this JVM, hosts forked as child JVMs, or hosts already
 * running elsewhere.
 *
 * <p>Every host runs a host agent on its service proc, which creates, stops and reports the procs
 * that proc meshes are made of. The mesh's extent is {@code {hosts: n}}. Closing the mesh (or the
 * actor system) shuts down the hosts it started; attached hosts keep running, only their procs
 * stop.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create();
 *     HostMesh hosts = HostMeshes.local(system, 2)) {
 *   ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).join();
 * }
 * }</pre>
 */
public final class HostMeshes {
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
    throw new UnsupportedOperationException("local host meshes are not implemented yet");
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
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("attaching host meshes is not implemented yet"));
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
