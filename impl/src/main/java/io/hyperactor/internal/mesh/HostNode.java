package io.hyperactor.internal.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.IntrospectResult;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.agent.JsonText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A host's node in the introspection tree, read live from the host: its address, its procs as
 * children, and each proc's status as its process manager sees it.
 *
 * <p>The per-proc status is what makes a proc whose process died visible without asking the proc
 * (which can no longer answer): attribute {@value #PROC_STATUS} holds a JSON object keyed by proc
 * id, each value {@code {"status", "reason", "pid", "rank"}} with {@code status} one of {@code
 * running}, {@code stopping}, {@code stopped}, {@code failed}, {@code unknown}. A process that was
 * killed by a signal, exited non-zero or failed to start is {@code failed}. Reads only the host
 * (thread-safe) and the ranks recorded here, so it can answer off the agent's thread. Thread-safe.
 */
final class HostNode {
  static final String NODE_TYPE = "node_type";
  static final String ADDR = "addr";
  static final String NUM_PROCS = "num_procs";
  static final String CHILDREN = "children";
  static final String PROC_STATUS = "proc_status";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Host<Object, ?> host;
  private final Map<ProcId, Long> ranks = new ConcurrentHashMap<>();

  HostNode(Host<Object, ?> host) {
    this.host = host;
  }

  /** Records the rank of a proc the agent created, so the node can report it. */
  void rank(ProcId procId, long rank) {
    ranks.put(procId, rank);
  }

  /** The ids of the host's procs: the service and local procs first, then those it spawned. */
  List<String> children() {
    List<String> children = new ArrayList<>();
    children.add(host.serviceProc().procId().toString());
    children.add(host.localProc().procId().toString());
    for (String name : host.procNames()) {
      children.add(new ProcId(host.addr(), name).toString());
    }
    return children;
  }

  /** The node's attributes as of now. */
  ImmutableMap<String, String> attrs() {
    List<String> children = children();
    Map<String, Map<String, @Nullable Object>> status = new LinkedHashMap<>();
    // The built-in procs run in the host's own process.
    Long hostPid = ProcessHandle.current().pid();
    status.put(host.serviceProc().procId().toString(), entry("running", null, hostPid, null));
    status.put(host.localProc().procId().toString(), entry("running", null, hostPid, null));
    for (String name : host.procNames()) {
      ProcId procId = new ProcId(host.addr(), name);
      status.put(procId.toString(), statusOf(procId));
    }
    String statusJson;
    try {
      statusJson = JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the proc statuses of " + host.addr(), e);
    }
    return ImmutableMap.of(
        NODE_TYPE, "host",
        ADDR, host.addr().toString(),
        NUM_PROCS, Integer.toString(children.size()),
        CHILDREN, JsonText.stringArray(children),
        PROC_STATUS, statusJson);
  }

  /** The node as an introspection answer named {@code identity}. */
  IntrospectResult result(String identity) {
    return new IntrospectResult(identity, attrs(), children(), null, Instant.now());
  }

  private Map<String, @Nullable Object> statusOf(ProcId procId) {
    Long rank = ranks.get(procId);
    Optional<? extends ProcHandle<?>> handle = host.manager().handle(procId);
    if (handle.isEmpty()) {
      // Spawning (the name is reserved before the manager knows it) or handed back by a stop.
      return entry("unknown", "its host does not track a process for it", null, rank);
    }
    ProcHandle<?> h = handle.get();
    Long pid = h.pid().isPresent() ? h.pid().getAsLong() : null;
    ProcStatus s = h.status();
    return switch (s) {
      case ProcStatus.Starting x -> entry("running", "starting", pid, rank);
      case ProcStatus.Running x -> entry("running", null, pid, rank);
      case ProcStatus.Ready x -> entry("running", null, pid, rank);
      case ProcStatus.Stopping x -> entry("stopping", null, pid, rank);
      case ProcStatus.Stopped x when x.exitCode() == 0 -> entry("stopped", s.toString(), pid, rank);
      case ProcStatus.Stopped x -> entry("failed", s.toString(), pid, rank);
      case ProcStatus.Killed x -> entry("failed", s.toString(), pid, rank);
      case ProcStatus.Failed x -> entry("failed", s.toString(), pid, rank);
    };
  }

  private static Map<String, @Nullable Object> entry(
      String status, @Nullable String reason, @Nullable Long pid, @Nullable Long rank) {
    Map<String, @Nullable Object> e = new LinkedHashMap<>();
    e.put("status", status);
    e.put("reason", reason);
    e.put("pid", pid);
    e.put("rank", rank);
    return e;
  }
}
