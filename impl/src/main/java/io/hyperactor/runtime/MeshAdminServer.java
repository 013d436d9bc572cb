package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Proc;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.internal.admin.AdminHttpServer;

/**
 * Starts mesh admin HTTP servers: the JSON API over a runtime's hosts, procs and actors, its
 * supervision events, and the dashboard.
 *
 * <p>The server binds {@code mesh_admin_addr}, reads its waits and limits from the {@code
 * mesh_admin_*} keys and its token from {@code mesh_admin_token} of the system's configuration; it
 * asks the mesh from a client instance of its own on the given proc, shows the hosts of {@code
 * hosts} as they are at each request, and streams every failure and stop the system's meshes
 * report ({@link ActorSystem#subscribeMeshFailures}). {@code docs/operations.md} ("Admin HTTP
 * API") lists the endpoints. A {@code HyperactorRuntime} starts one with {@code
 * mesh_admin_enabled = true}; start one directly only for a system you wire yourself.
 *
 * <pre>{@code
 * try (MeshAdmin admin = MeshAdminServer.start(system, host.serviceProc(), hosts)) {
 *   System.out.println("mesh admin at " + admin.uri());
 * }
 * }</pre>
 */
public final class MeshAdminServer {
  private MeshAdminServer() {}

  /**
   * Starts an admin server for {@code system}, asking from {@code proc} (a proc that reaches the
   * hosts, such as a host's service proc) and showing {@code hosts}.
   *
   * @throws IllegalArgumentException when {@code mesh_admin_addr} cannot be bound
   */
  public static MeshAdmin start(ActorSystem system, Proc proc, MeshAdminHosts hosts) {
    checkNotNull(hosts, "hosts");
    return AdminHttpServer.start(system, proc, hosts::hosts);
  }
}
