package io.hyperactor.internal.admin;

import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.admin.MeshIntrospector.HostAnswer;
import io.hyperactor.internal.admin.MeshIntrospector.ProcEntry;
import io.hyperactor.mesh.HostRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One walk of the tree for {@code /v1/tree}: every host, each host's procs and each proc's actors,
 * asked in parallel on the server's executor and bounded as a whole by {@code
 * mesh_admin_tree_timeout}.
 *
 * <p>A host that does not answer is {@code unreachable} with no procs; a proc whose host saw its
 * process end is shown with that status ({@code failed} for a kill) without asking it; a proc
 * whose agent does not answer is {@code unreachable}; an actor that answers neither itself nor
 * through its proc's snapshot is {@code unknown}. Each of those makes the tree incomplete.
 */
final class TreeWalk {
  private final MeshIntrospector mesh;
  private final ExecutorService executor;
  private final long deadlineNanos;
  private final AtomicBoolean complete = new AtomicBoolean(true);

  private TreeWalk(MeshIntrospector mesh, ExecutorService executor) {
    this.mesh = mesh;
    this.executor = executor;
    this.deadlineNanos = System.nanoTime() + mesh.timeouts().tree().toNanos();
  }

  /** Walks the whole tree. */
  static AdminJson.Tree walk(MeshIntrospector mesh, ExecutorService executor)
      throws InterruptedException {
    return new TreeWalk(mesh, executor).run();
  }

  private AdminJson.Tree run() throws InterruptedException {
    List<HostRef> hosts = mesh.hosts();
    List<CompletableFuture<AdminJson.Host>> futures = new ArrayList<>();
    for (HostRef host : hosts) {
      futures.add(async(() -> host(host)));
    }
    List<AdminJson.Host> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      HostRef host = hosts.get(i);
      AdminJson.Host answered = await(futures.get(i));
      out.add(answered != null ? answered : unreachableHost(host));
    }
    return new AdminJson.Tree(Instant.now().toString(), complete.get(), out);
  }

  private AdminJson.Host unreachableHost(HostRef host) {
    complete.set(false);
    return new AdminJson.Host(host.agentId().toString(), host.toString(), "unreachable", List.of());
  }

  private AdminJson.Host host(HostRef host) throws InterruptedException {
    HostAnswer answer;
    try {
      answer = mesh.host(host);
    } catch (TimeoutException e) {
      return unreachableHost(host);
    }
    List<String> procIds = answer.procIds();
    List<CompletableFuture<AdminJson.Proc>> futures = new ArrayList<>();
    for (String procId : procIds) {
      futures.add(async(() -> proc(answer, ProcId.parse(procId))));
    }
    List<AdminJson.Proc> procs = new ArrayList<>();
    for (int i = 0; i < procIds.size(); i++) {
      AdminJson.Proc proc = await(futures.get(i));
      procs.add(
          proc != null
              ? proc
              : unreachable(
                  answer,
                  ProcId.parse(procIds.get(i)),
                  "not answered within mesh_admin_tree_timeout (" + mesh.timeouts().tree() + ")"));
    }
    return new AdminJson.Host(host.agentId().toString(), host.toString(), "running", procs);
  }

  /** A proc shown {@code unreachable} for {@code reason}; the tree is then incomplete. */
  private AdminJson.Proc unreachable(HostAnswer host, ProcId procId, String reason) {
    complete.set(false);
    ProcEntry entry = host.procs().get(procId.toString());
    return new AdminJson.Proc(
        procId.toString(),
        procId.name(),
        entry == null ? null : entry.rank(),
        entry == null ? null : entry.pid(),
        "unreachable",
        reason,
        MeshIntrospector.isSystemProc(procId),
        List.of());
  }

  private AdminJson.Proc proc(HostAnswer host, ProcId procId) throws InterruptedException {
    ProcEntry entry = host.procs().get(procId.toString());
    boolean system = MeshIntrospector.isSystemProc(procId);
    if (entry != null && (entry.status().equals("failed") || entry.status().equals("stopped"))) {
      // Its process ended: there is no agent left to ask.
      return new AdminJson.Proc(
          procId.toString(),
          procId.name(),
          entry.rank(),
          entry.pid(),
          entry.status(),
          entry.reason(),
          system,
          List.of());
    }
    IntrospectResult node;
    try {
      node = mesh.proc(host.host(), procId);
    } catch (TimeoutException e) {
      return unreachable(
          host,
          procId,
          "its proc agent did not answer within mesh_admin_resolve_actor_timeout ("
              + mesh.timeouts().resolve()
              + ")");
    }
    List<String> actorIds = node.children();
    List<CompletableFuture<Optional<IntrospectResult>>> futures = new ArrayList<>();
    for (String actorId : actorIds) {
      ActorId id = ActorId.parse(actorId);
      futures.add(async(() -> mesh.actor(host.host(), id)));
    }
    List<AdminJson.Actor> actors = new ArrayList<>();
    for (int i = 0; i < actorIds.size(); i++) {
      Optional<IntrospectResult> result = await(futures.get(i));
      ActorId id = ActorId.parse(actorIds.get(i));
      if (result == null || result.isEmpty() || MeshIntrospector.isNotFound(result.get())) {
        complete.set(false);
        actors.add(NodeJson.unknownActor(id, "did not answer in time", system));
      } else {
        actors.add(NodeJson.actor(id, result.get()));
      }
    }
    // Its agent answered: running unless its host knows better (stopping).
    boolean hostKnows = entry != null && !entry.status().equals("unknown");
    return new AdminJson.Proc(
        procId.toString(),
        procId.name(),
        entry == null ? null : entry.rank(),
        entry == null ? null : entry.pid(),
        hostKnows ? entry.status() : "running",
        hostKnows ? entry.reason() : null,
        system,
        actors);
  }

  /** A step of the walk that may block on the mesh. */
  private interface Step<T> {
    T run() throws InterruptedException;
  }

  private <T> CompletableFuture<T> async(Step<T> step) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return step.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tree walk interrupted", e);
          }
        },
        executor);
  }

  /** The step's result, or null when the walk's deadline passed first. */
  private <T> @Nullable T await(CompletableFuture<T> future) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    try {
      return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException("tree walk step failed: " + e.getCause(), e.getCause());
    }
  }
}
