package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.HostRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hosts a mesh admin server shows: the owner of the hosts (a runtime) adds each host mesh as
 * it appears, and the server reads the current list at every request.
 *
 * <p>A host is shown through its host agent ({@link HostRef#agentId()}), which every host of a
 * host mesh runs. A host added twice is shown once; hosts are shown in the order they were added.
 * Thread-safe.
 *
 * <pre>{@code
 * MeshAdminHosts hosts = new MeshAdminHosts();
 * hosts.add(hostMesh);
 * MeshAdmin admin = MeshAdminServer.start(system, host.serviceProc(), hosts);
 * }</pre>
 */
public final class MeshAdminHosts {
  private final Object lock = new Object();
  private final Set<HostRef> hosts = new LinkedHashSet<>();

  /** Adds every host of {@code mesh}. */
  public void add(HostMeshRef mesh) {
    checkNotNull(mesh, "mesh");
    synchronized (lock) {
      hosts.addAll(mesh.hosts());
    }
  }

  /** Adds {@code host}. */
  public void add(HostRef host) {
    checkNotNull(host, "host");
    synchronized (lock) {
      hosts.add(host);
    }
  }

  /** The hosts added so far, in order. */
  public List<HostRef> hosts() {
    synchronized (lock) {
      return ImmutableList.copyOf(hosts);
    }
  }
}
