package io.hyperactor.internal.admin;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ClientInstance;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.host.Host;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Asks the mesh's introspection tree: host agents for their host's node and procs' statuses, proc
 * agents (or, for a host's built-in procs, the host agent) for a proc's node, and actors for their
 * own payload.
 *
 * <p>Every question is an {@link IntrospectMessage} sent to the target's introspection port from
 * the admin server's own client instance; the caller's thread waits for the answer at most the
 * given time. Thread-safe.
 */
final class MeshIntrospector {
  private static final TypeReference<Map<String, ProcEntry>> PROC_STATUS =
      new TypeReference<>() {};

  /** A host's answer: its node, and each proc's status as the host sees it, by proc id. */
  record HostAnswer(HostRef host, IntrospectResult node, ImmutableMap<String, ProcEntry> procs) {
    /** The ids of the host's procs, built-in ones first. */
    List<String> procIds() {
      return node.children();
    }
  }

  /**
   * One proc as its host sees it ({@code proc_status} of the host's node).
   *
   * @param status {@code running}, {@code stopping}, {@code stopped}, {@code failed} or {@code
   *     unknown}
   */
  record ProcEntry(
      String status, @Nullable String reason, @Nullable Long pid, @Nullable Long rank) {}

  private final ClientInstance client;
  private final Supplier<List<HostRef>> hosts;
  private final AdminTimeouts timeouts;
  private final ObjectMapper json;

  MeshIntrospector(
      ClientInstance client,
      Supplier<List<HostRef>> hosts,
      AdminTimeouts timeouts,
      ObjectMapper json) {
    this.client = checkNotNull(client, "client");
    this.hosts = checkNotNull(hosts, "hosts");
    this.timeouts = checkNotNull(timeouts, "timeouts");
    this.json = checkNotNull(json, "json");
  }

  AdminTimeouts timeouts() {
    return timeouts;
  }

  /** The hosts the admin server shows, as the runtime knows them now. */
  List<HostRef> hosts() {
    return ImmutableList.copyOf(hosts.get());
  }

  /** True for a host's built-in procs, which have no proc agent. */
  static boolean isSystemProc(ProcId procId) {
    return procId.name().equals(HostRef.SERVICE_PROC_NAME)
        || procId.name().equals(Host.LOCAL_PROC_NAME);
  }

  /**
   * Asks {@code host}'s agent for the host's node as of now.
   *
   * @throws TimeoutException when it does not answer within {@code mesh_admin_single_host_timeout}
   */
  HostAnswer host(HostRef host) throws TimeoutException, InterruptedException {
    ActorId agent = host.agentId();
    IntrospectResult node = queryChild(agent, agent.toString(), timeouts.singleHost());
    ImmutableMap<String, ProcEntry> procs = ImmutableMap.of();
    String status = node.attrs().get("proc_status");
    if (status != null) {
      try {
        procs = ImmutableMap.copyOf(json.readValue(status, PROC_STATUS));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "host agent " + agent + " answered an unreadable proc_status: " + e.getMessage(), e);
      }
    }
    return new HostAnswer(host, node, procs);
  }

  /** Who answers {@code QueryChild} for a proc and its actors' snapshots. */
  static ActorId nodeOwner(HostRef host, ProcId procId) {
    return isSystemProc(procId)
        ? host.agentId()
        : procId.actorId(ProcAgent.PROC_AGENT_ACTOR_NAME);
  }

  /**
   * Asks for the node of {@code procId} on {@code host}: its actors as children.
   *
   * @throws TimeoutException when it does not answer within {@code
   *     mesh_admin_resolve_actor_timeout}
   */
  IntrospectResult proc(HostRef host, ProcId procId) throws TimeoutException, InterruptedException {
    return queryChild(nodeOwner(host, procId), procId.toString(), timeouts.resolve());
  }

  /**
   * Asks {@code actor}'s proc for the actor's payload: the live one when it runs (read from its
   * cell, so client instances without an introspection port answer too), else the terminated
   * snapshot the proc keeps. Empty when the proc did not answer within {@code
   * mesh_admin_query_child_timeout}.
   */
  Optional<IntrospectResult> actor(HostRef host, ActorId actor) throws InterruptedException {
    try {
      if (actor.equals(host.agentId())) {
        // The host agent answers QueryChild for its own id with the host's node, not as an actor.
        return Optional.of(queryOwn(actor, timeouts.queryChild()));
      }
      return Optional.of(
          queryChild(nodeOwner(host, actor.procId()), actor.toString(), timeouts.queryChild()));
    } catch (TimeoutException e) {
      return Optional.empty();
    }
  }

  /** A proc found on one of the admin server's hosts, with what the host says about it. */
  record Located(HostAnswer host, ProcId procId, @Nullable ProcEntry entry) {}

  /**
   * Finds the host that has {@code procId} among its procs.
   *
   * @throws AdminException 404 when no host of the admin server has it, 504 when a host that could
   *     have it did not answer in time
   */
  Located locate(ProcId procId) throws AdminException, InterruptedException {
    HostRef silent = null;
    for (HostRef host : hosts()) {
      if (!host.addr().equals(procId.addr())) {
        continue;
      }
      HostAnswer answer;
      try {
        answer = host(host);
      } catch (TimeoutException e) {
        silent = host;
        continue;
      }
      if (answer.procIds().contains(procId.toString())) {
        return new Located(answer, procId, answer.procs().get(procId.toString()));
      }
    }
    if (silent != null) {
      throw AdminException.timedOut(
          "host "
              + silent
              + " did not answer within mesh_admin_single_host_timeout ("
              + timeouts.singleHost()
              + "), so proc '"
              + procId
              + "' cannot be looked up");
    }
    throw AdminException.notFound("no proc '" + procId + "' is known to this admin server");
  }

  /** True when {@code result} is the error node a proc answers for a child it does not know. */
  static boolean isNotFound(IntrospectResult result) {
    return result.attrs().containsKey("error_code");
  }

  private IntrospectResult queryOwn(ActorId target, Duration timeout)
      throws TimeoutException, InterruptedException {
    return ask(
        target, reply -> new IntrospectMessage.Query(IntrospectMessage.View.ACTOR, reply), timeout);
  }

  private IntrospectResult queryChild(ActorId target, String ref, Duration timeout)
      throws TimeoutException, InterruptedException {
    return ask(target, reply -> new IntrospectMessage.QueryChild(ref, reply), timeout);
  }

  /** Sends {@code target}'s introspection port the question built around a reply port. */
  private IntrospectResult ask(
      ActorId target,
      Function<OncePortRef<IntrospectResult>, IntrospectMessage> question,
      Duration timeout)
      throws TimeoutException, InterruptedException {
    OncePortReceiver<IntrospectResult> reply = client.openOncePort();
    client.post(target.portId(PortId.INTROSPECT_INDEX), question.apply(reply.handle().bind()));
    return reply.recv(timeout);
  }
}
