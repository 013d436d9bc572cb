package io.hyperactor.internal;

import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Post-mortem snapshots of terminated actors, capped by the retention setting.
 *
 * <p>Eviction follows upstream: clean entries go first (in map order, which may include the one
 * just stored), then failed entries newest-first, so the earliest failures (closest to a root
 * cause) survive longest. Snapshots are kept unformatted ({@link ActorSnapshot}) and formatted
 * when read. Thread-safe.
 */
final class SnapshotStore {
  private final ConcurrentHashMap<ActorId, ActorSnapshot> snapshots = new ConcurrentHashMap<>();

  synchronized void store(ActorId id, ActorSnapshot snapshot, long retention) {
    snapshots.put(id, snapshot);
    evictTo(retention);
  }

  /**
   * Drops snapshots until at most {@code retention} remain; the whole effect of a store when the
   * retention is 0, which needs no snapshot taken.
   */
  synchronized void evictTo(long retention) {
    long excess = snapshots.size() - Math.max(0, retention);
    if (excess <= 0) {
      return;
    }
    // Clean entries in map order, removed as they are found: at the cap a store evicts one, and
    // the walk stops at the first clean entry rather than listing all of them. Removing from a
    // concurrent map while walking it leaves the order of the rest as it was.
    Iterator<ActorSnapshot> walk = snapshots.values().iterator();
    while (excess > 0 && walk.hasNext()) {
      if (walk.next().failedAt() == null) {
        walk.remove();
        excess--;
      }
    }
    if (excess <= 0) {
      return;
    }
    List<Map.Entry<ActorId, Instant>> failed = new ArrayList<>();
    for (Map.Entry<ActorId, ActorSnapshot> e : snapshots.entrySet()) {
      Instant at = e.getValue().failedAt();
      if (at != null) {
        failed.add(Map.entry(e.getKey(), at));
      }
    }
    failed.sort(Map.Entry.<ActorId, Instant>comparingByValue(Comparator.reverseOrder()));
    for (Map.Entry<ActorId, Instant> f : failed) {
      if (excess-- <= 0) {
        return;
      }
      snapshots.remove(f.getKey());
    }
  }

  Optional<IntrospectResult> get(ActorId id) {
    return Optional.ofNullable(snapshots.get(id)).map(ActorSnapshot::result);
  }

  List<ActorId> ids() {
    return new ArrayList<>(snapshots.keySet());
  }
}
