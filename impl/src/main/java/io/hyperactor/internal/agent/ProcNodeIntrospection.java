package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.IntrospectResult;
import io.hyperactor.Proc;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proc's node in the introspection tree, as the proc agent publishes it and answers {@code
 * QueryChild} for it.
 *
 * <p>{@code QueryChild} answers the proc's own node, a terminated actor's snapshot, or a live
 * actor's payload read from its cell.
 *
 * <p>Both paths read live proc state with point lookups per registered id, never a scan that holds
 * the registry, so queries cannot stall spawns and stops. {@code QueryChild} runs off the agent's
 * thread: it reuses the poison flags of the agent's last publish instead of reading the agent's
 * records. Queue pressure (total, max, high-water mark, age of the last non-zero total) is sampled
 * on each publish and query; the high-water mark is the highest total observed. Thread-safe.
 */
public final class ProcNodeIntrospection {
  static final String NODE_TYPE = "node_type";
  static final String PROC_NAME = "proc_name";
  static final String NUM_ACTORS = "num_actors";
  static final String CHILDREN = "children";
  static final String SYSTEM_CHILDREN = "system_children";
  static final String STOPPED_CHILDREN = "stopped_children";
  static final String STOPPED_RETENTION_CAP = "stopped_retention_cap";
  static final String FAILED_ACTOR_COUNT = "failed_actor_count";
  static final String IS_POISONED = "is_poisoned";
  static final String PROCESS_RSS_BYTES = "process_rss_bytes";
  static final String PROCESS_VM_SIZE_BYTES = "process_vm_size_bytes";
  static final String PROCESS_MEMORY_UNAVAILABLE = "process_memory_unavailable";
  static final String QUEUE_DEPTH_TOTAL = "actor_work_queue_depth_total";
  static final String QUEUE_DEPTH_MAX = "actor_work_queue_depth_max";
  static final String QUEUE_DEPTH_HIGH_WATER_MARK = "actor_work_queue_depth_high_water_mark";
  static final String LAST_NONZERO_QUEUE_DEPTH_AGE_MS = "last_nonzero_queue_depth_age_ms";

  private final Proc proc;
  private final long retentionCap;
  private final AtomicLong highWaterMark = new AtomicLong();
  private final AtomicLong lastNonzeroNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile int lastFailedCount;

  /** The introspection of {@code proc}, keeping {@code retentionCap} terminated snapshots. */
  public ProcNodeIntrospection(Proc proc, long retentionCap) {
    this.proc = proc;
    this.retentionCap = retentionCap;
  }

  /** A snapshot of the proc's children. */
  record Children(
      ImmutableList<String> live,
      ImmutableList<String> liveSystem,
      ImmutableList<String> stopped,
      ImmutableList<String> stoppedSystem,
      long queueTotal,
      long queueMax) {}

  Children collectChildren() {
    List<String> live = new ArrayList<>();
    List<String> liveSystem = new ArrayList<>();
    long total = 0;
    long max = 0;
    for (ActorId id : proc.allInstanceKeys()) {
      Optional<ActorCell> found = proc.getInstance(id);
      if (found.isEmpty() || found.get().status().isTerminal()) {
        continue;
      }
      ActorCell cell = found.get();
      live.add(id.toString());
      if (cell.isSystem()) {
        liveSystem.add(id.toString());
      }
      long depth = cell.metrics().queueSize();
      total += depth;
      max = Math.max(max, depth);
    }
    List<String> stopped = new ArrayList<>();
    List<String> stoppedSystem = new ArrayList<>();
    for (ActorId id : proc.allTerminatedActorIds()) {
      stopped.add(id.toString());
      proc.terminatedSnapshot(id)
          .filter(s -> s.attr("is_system").map(Boolean::parseBoolean).orElse(false))
          .ifPresent(s -> stoppedSystem.add(id.toString()));
    }
    observeQueueTotal(total);
    return new Children(
        ImmutableList.copyOf(live),
        ImmutableList.copyOf(liveSystem),
        ImmutableList.copyOf(stopped),
        ImmutableList.copyOf(stoppedSystem),
        total,
        max);
  }

  private void observeQueueTotal(long total) {
    highWaterMark.accumulateAndGet(total, Math::max);
    if (total > 0) {
      lastNonzeroNanos.set(System.nanoTime());
    }
  }

  /** The attributes the agent publishes, {@code children} included; remembers the poison count. */
  ImmutableMap<String, String> publishAttrs(int failedActorCount, ProcessMemory memory) {
    lastFailedCount = failedActorCount;
    Children c = collectChildren();
    Set<String> all = new LinkedHashSet<>(c.live());
    all.addAll(c.stopped());
    Set<String> system = new LinkedHashSet<>(c.liveSystem());
    system.addAll(c.stoppedSystem());
    ImmutableMap.Builder<String, String> a = common(c, failedActorCount, memory);
    // Upstream counts retained terminated actors too; kept for fidelity with its consumers.
    a.put(NUM_ACTORS, Integer.toString(all.size()));
    a.put(CHILDREN, JsonText.stringArray(all));
    a.put(SYSTEM_CHILDREN, JsonText.stringArray(system));
    return a.buildKeepingLast();
  }

  /** Answers a {@code QueryChild} for {@code ref}. */
  public IntrospectResult queryChild(String ref) {
    Instant now = Instant.now();
    if (ref.equals(proc.procId().toString())) {
      Children c = collectChildren();
      Set<String> all = new LinkedHashSet<>(c.live());
      all.addAll(c.stopped());
      Set<String> system = new LinkedHashSet<>(c.liveSystem());
      system.addAll(c.stoppedSystem());
      ImmutableMap.Builder<String, String> a = common(c, lastFailedCount, ProcessMemory.read());
      a.put(NUM_ACTORS, Integer.toString(all.size()));
      a.put(SYSTEM_CHILDREN, JsonText.stringArray(system));
      return new IntrospectResult(
          proc.procId().toString(), a.buildKeepingLast(), ImmutableList.copyOf(all), null, now);
    }
    Optional<ActorId> actor = actorOf(ref);
    if (actor.isPresent()) {
      Optional<IntrospectResult> snapshot = proc.terminatedSnapshot(actor.get());
      if (snapshot.isPresent()) {
        return snapshot.get();
      }
      // A live actor's payload, read from its cell: so the proc answers for every actor it
      // lists, client instances (which have no introspection port) included.
      Optional<ActorCell> live = proc.getInstance(actor.get());
      if (live.isPresent()) {
        return Procs.livePayload(live.get());
      }
    }
    return new IntrospectResult(
        actor.map(ActorId::toString).orElse(ref),
        ImmutableMap.of("error_code", "not_found", "error_message", "child " + ref + " not found"),
        ImmutableList.of(),
        null,
        now);
  }

  private ImmutableMap.Builder<String, String> common(
      Children c, int failedActorCount, ProcessMemory memory) {
    ImmutableMap.Builder<String, String> a = ImmutableMap.builder();
    a.put(NODE_TYPE, "proc");
    a.put(PROC_NAME, proc.procId().toString());
    a.put(STOPPED_CHILDREN, JsonText.stringArray(c.stopped()));
    a.put(STOPPED_RETENTION_CAP, Long.toString(retentionCap));
    a.put(FAILED_ACTOR_COUNT, Integer.toString(failedActorCount));
    a.put(IS_POISONED, Boolean.toString(failedActorCount > 0));
    memory.rssBytes().ifPresent(v -> a.put(PROCESS_RSS_BYTES, Long.toString(v)));
    memory.vmBytes().ifPresent(v -> a.put(PROCESS_VM_SIZE_BYTES, Long.toString(v)));
    if (memory.unavailableReason() != null) {
      a.put(PROCESS_MEMORY_UNAVAILABLE, memory.unavailableReason());
    }
    a.put(QUEUE_DEPTH_TOTAL, Long.toString(c.queueTotal()));
    a.put(QUEUE_DEPTH_MAX, Long.toString(c.queueMax()));
    a.put(QUEUE_DEPTH_HIGH_WATER_MARK, Long.toString(highWaterMark.get()));
    long last = lastNonzeroNanos.get();
    if (last != Long.MIN_VALUE) {
      a.put(
          LAST_NONZERO_QUEUE_DEPTH_AGE_MS,
          Long.toString(Duration.ofNanos(System.nanoTime() - last).toMillis()));
    }
    return a;
  }

  /** The actor a reference names: an actor id, or the owner of a port id. */
  private static Optional<ActorId> actorOf(String ref) {
    try {
      return Optional.of(PortId.parse(ref).actorId());
    } catch (IllegalArgumentException notAPort) {
      // Not a port reference; try an actor id next.
    }
    try {
      return Optional.of(ActorId.parse(ref));
    } catch (IllegalArgumentException notAnActor) {
      return Optional.empty();
    }
  }
}
