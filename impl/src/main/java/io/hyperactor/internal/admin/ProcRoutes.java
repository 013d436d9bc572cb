package io.hyperactor.internal.admin;

import io.hyperactor.ClientInstance;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.admin.MeshIntrospector.Located;
import io.hyperactor.runtime.ActorSystem;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The routes about one proc, {@code /v1/procs/{procId}/...}: one method per endpoint, each
 * registered in {@link #register}.
 *
 * <p>Every endpoint first finds the proc on one of the admin server's hosts ({@link #procOf}), so
 * a proc no host knows is a 404 naming it and a malformed id a 400.
 */
final class ProcRoutes {
  private final MeshIntrospector mesh;
  private final ActorSystem system;
  private final ClientInstance client;

  ProcRoutes(MeshIntrospector mesh, ActorSystem system, ClientInstance client) {
    this.mesh = mesh;
    this.system = system;
    this.client = client;
  }

  void register(Router router) {
    router.get("/v1/procs/{procId}/threads", Router.Kind.RESOLVE, this::threads);
  }

  /**
   * The proc named by the path parameter {@code procId}, found on its host.
   *
   * @throws AdminException 400 for a malformed id, 404 for a proc no host knows, 504 when its host
   *     did not answer
   */
  Located procOf(AdminRequest request) throws AdminException, InterruptedException {
    String text = request.param("procId");
    ProcId procId;
    try {
      procId = ProcId.parse(text);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest("procId '" + text + "' is not a proc id: " + e.getMessage());
    }
    return mesh.locate(procId);
  }

  /**
   * The proc as one whose agent can be asked.
   *
   * @throws AdminException 404 for a host's built-in proc (it has no agent) or a proc whose
   *     process ended
   */
  Located agentProcOf(AdminRequest request) throws AdminException, InterruptedException {
    Located located = procOf(request);
    if (MeshIntrospector.isSystemProc(located.procId())) {
      throw AdminException.notFound(
          "proc '" + located.procId() + "' is a host's built-in proc, which has no proc agent");
    }
    MeshIntrospector.ProcEntry entry = located.entry();
    if (entry != null && (entry.status().equals("failed") || entry.status().equals("stopped"))) {
      throw AdminException.notFound(
          "proc '"
              + located.procId()
              + "' is "
              + entry.status()
              + (entry.reason() == null ? "" : " (" + entry.reason() + ")")
              + "; there is no process left to ask");
    }
    return located;
  }

  /** {@code GET /v1/procs/{procId}/threads}: a thread dump of the proc's process. */
  AdminResponse threads(AdminRequest request) throws AdminException, InterruptedException {
    Located located = agentProcOf(request);
    ProcId procId = located.procId();
    ThreadDumpResult dump;
    try {
      dump =
          system
              .threadDump(client, procId)
              .get(mesh.timeouts().threadDump().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw AdminException.timedOut(
          "proc '"
              + procId
              + "' did not answer a thread dump within mesh_admin_pyspy_timeout ("
              + mesh.timeouts().threadDump()
              + ")");
    } catch (ExecutionException e) {
      throw new AdminException(
          502, "thread dump of proc '" + procId + "' failed: " + e.getCause().getMessage());
    }
    if (dump.error() != null) {
      throw new AdminException(
          502, "thread dump of proc '" + procId + "' failed: " + dump.error());
    }
    List<AdminJson.Thread> threads =
        dump.threads().stream().map(ProcRoutes::thread).toList();
    return new AdminResponse.Json(new AdminJson.ThreadDump(procId.toString(), dump.pid(), threads));
  }

  private static AdminJson.Thread thread(ThreadStack t) {
    return new AdminJson.Thread(t.name(), t.state(), t.virtual(), t.actorId(), t.frames());
  }
}
