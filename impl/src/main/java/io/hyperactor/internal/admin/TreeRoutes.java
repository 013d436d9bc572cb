package io.hyperactor.internal.admin;

import com.google.common.collect.ImmutableList;
import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.admin.MeshIntrospector.HostAnswer;
import io.hyperactor.internal.admin.MeshIntrospector.Located;
import io.hyperactor.mesh.HostRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * The routes over the introspection tree: {@code GET /v1/tree} (every host, proc and actor) and
 * {@code GET /v1/nodes/{id}} (one host, proc or actor with its raw attributes).
 */
final class TreeRoutes {
  private final MeshIntrospector mesh;
  private final ExecutorService executor;

  TreeRoutes(MeshIntrospector mesh, ExecutorService executor) {
    this.mesh = mesh;
    this.executor = executor;
  }

  void register(Router router) {
    router.get("/v1/tree", Router.Kind.RESOLVE, this::tree);
    router.get("/v1/nodes/{id}", Router.Kind.RESOLVE, this::node);
  }

  /** {@code GET /v1/tree}: the whole tree. */
  AdminResponse tree(AdminRequest request) throws InterruptedException {
    return new AdminResponse.Json(TreeWalk.walk(mesh, executor));
  }

  /** {@code GET /v1/nodes/{id}}: a host (by its agent's id), a proc or an actor. */
  AdminResponse node(AdminRequest request) throws AdminException, InterruptedException {
    String id = request.param("id");
    for (HostRef host : mesh.hosts()) {
      if (host.agentId().toString().equals(id)) {
        return new AdminResponse.Json(hostNode(host));
      }
    }
    Optional<ActorId> actor = parseActor(id);
    if (actor.isPresent()) {
      return new AdminResponse.Json(actorNode(actor.get()));
    }
    ProcId procId;
    try {
      procId = ProcId.parse(id);
    } catch (IllegalArgumentException e) {
      throw AdminException.badRequest(
          "node id '" + id + "' is neither a host agent, a proc nor an actor id: " + e.getMessage());
    }
    return new AdminResponse.Json(procNode(procId));
  }

  private static Optional<ActorId> parseActor(String id) {
    if (!id.endsWith("]")) {
      return Optional.empty();
    }
    try {
      return Optional.of(ActorId.parse(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private AdminJson.Node hostNode(HostRef host) throws AdminException, InterruptedException {
    HostAnswer answer;
    try {
      answer = mesh.host(host);
    } catch (TimeoutException e) {
      throw AdminException.timedOut(
          "host "
              + host
              + " did not answer within mesh_admin_single_host_timeout ("
              + mesh.timeouts().singleHost()
              + ")");
    }
    return new AdminJson.Node(
        host.agentId().toString(),
        "host",
        "running",
        null,
        answer.procIds(),
        answer.node().attrs(),
        answer.node().asOf().toString());
  }

  private AdminJson.Node procNode(ProcId procId) throws AdminException, InterruptedException {
    Located located = mesh.locate(procId);
    HostRef host = located.host().host();
    String parent = host.agentId().toString();
    MeshIntrospector.ProcEntry entry = located.entry();
    if (entry != null && (entry.status().equals("failed") || entry.status().equals("stopped"))) {
      return new AdminJson.Node(
          procId.toString(),
          "proc",
          entry.status(),
          parent,
          ImmutableList.of(),
          entryAttrs(entry),
          located.host().node().asOf().toString());
    }
    IntrospectResult node;
    try {
      node = mesh.proc(host, procId);
    } catch (TimeoutException e) {
      throw AdminException.timedOut(
          "proc '"
              + procId
              + "' did not answer within mesh_admin_resolve_actor_timeout ("
              + mesh.timeouts().resolve()
              + ")");
    }
    boolean hostKnows = entry != null && !entry.status().equals("unknown");
    return new AdminJson.Node(
        procId.toString(),
        "proc",
        hostKnows ? entry.status() : "running",
        parent,
        node.children(),
        node.attrs(),
        node.asOf().toString());
  }

  private static Map<String, String> entryAttrs(MeshIntrospector.ProcEntry entry) {
    java.util.LinkedHashMap<String, String> attrs = new java.util.LinkedHashMap<>();
    attrs.put("status", entry.status());
    if (entry.reason() != null) {
      attrs.put("status_reason", entry.reason());
    }
    if (entry.pid() != null) {
      attrs.put("pid", Long.toString(entry.pid()));
    }
    if (entry.rank() != null) {
      attrs.put("rank", Long.toString(entry.rank()));
    }
    return attrs;
  }

  private AdminJson.Node actorNode(ActorId actor) throws AdminException, InterruptedException {
    Located located = mesh.locate(actor.procId());
    HostRef host = located.host().host();
    Optional<IntrospectResult> answer = mesh.actor(host, actor);
    if (answer.isEmpty()) {
      throw AdminException.timedOut(
          "actor '"
              + actor
              + "': its proc did not answer within mesh_admin_query_child_timeout ("
              + mesh.timeouts().queryChild()
              + ")");
    }
    IntrospectResult result = answer.get();
    if (MeshIntrospector.isNotFound(result)) {
      throw AdminException.notFound("no actor '" + actor + "' is known to this admin server");
    }
    String parent = result.parent() != null ? result.parent() : actor.procId().toString();
    return new AdminJson.Node(
        actor.toString(),
        "actor",
        NodeJson.actorStatus(result.attrs().get("status")),
        parent,
        result.children(),
        result.attrs(),
        result.asOf().toString());
  }
}
