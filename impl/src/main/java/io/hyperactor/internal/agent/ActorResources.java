package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The proc agent's records of the actors it manages, by resource id, in creation order, and the
 * rules that span them: poisoning, "all terminal", the exit code, orphan selection and dead
 * subscriber removal.
 *
 * <p>Not thread-safe: owned by the agent's loop.
 */
final class ActorResources {
  private final Map<ResourceId, ActorInstanceState> records = new LinkedHashMap<>();

  @Nullable ActorInstanceState get(ResourceId id) {
    return records.get(id);
  }

  boolean contains(ResourceId id) {
    return records.containsKey(id);
  }

  void put(ResourceId id, ActorInstanceState record) {
    records.put(id, record);
  }

  ImmutableList<ResourceId> ids() {
    return ImmutableList.copyOf(records.keySet());
  }

  /** Tracked actors with an error event; failed spawns do not count. */
  int failedActorCount() {
    int n = 0;
    for (ActorInstanceState rec : records.values()) {
      if (rec.hasErrors()) {
        n++;
      }
    }
    return n;
  }

  /** True once any tracked actor failed: later creations are refused. */
  boolean isPoisoned() {
    return failedActorCount() > 0;
  }

  /** True when every record is terminal; vacuously true with no records. */
  boolean allTerminal() {
    return records.values().stream().allMatch(ActorInstanceState::isTerminal);
  }

  /** The process exit code after {@code StopAll}: 1 if any tracked actor failed, else 0. */
  int exitCode() {
    return isPoisoned() ? 1 : 0;
  }

  /**
   * Marks every record as stopping without bumping generations (failed spawns too) and returns the
   * spawned ones that now need stopping.
   */
  ImmutableList<ActorInstanceState> beginStopAll() {
    ImmutableList.Builder<ActorInstanceState> toStop = ImmutableList.builder();
    for (ActorInstanceState rec : records.values()) {
      if (rec.beginQuietStop()) {
        toStop.add(rec);
      }
    }
    return toStop.build();
  }

  /**
   * Marks as stopping, without bumping generations, every spawned actor whose keepalive expired
   * before {@code now}, and returns them.
   */
  ImmutableList<ActorInstanceState> takeOrphans(Instant now) {
    ImmutableList<ActorInstanceState> orphans =
        records.values().stream()
            .filter(rec -> rec.isOrphanAt(now))
            .collect(ImmutableList.toImmutableList());
    orphans.forEach(ActorInstanceState::beginQuietStop);
    return orphans;
  }

  /** The record whose actor terminated with {@code event}, if the actor is tracked. */
  Map.@Nullable Entry<ResourceId, ActorInstanceState> findByEvent(ActorSupervisionEvent event) {
    for (Map.Entry<ResourceId, ActorInstanceState> e : records.entrySet()) {
      if (e.getValue().isEventOf(event)) {
        return e;
      }
    }
    return null;
  }

  /** Drops every subscription to {@code port}; returns how many were dropped. */
  int removeSubscriber(PortRef<?> port) {
    int removed = 0;
    for (ActorInstanceState rec : records.values()) {
      removed += rec.removeSubscriber(port);
    }
    return removed;
  }
}
