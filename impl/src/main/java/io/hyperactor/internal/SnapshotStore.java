package io.hyperactor.internal;

import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
    List<ActorId> clean = new ArrayList<>();
    List<Map.Entry<ActorId, Instant>> failed = new ArrayList<>();
    for (Map.Entry<ActorId, ActorSnapshot> e : snapshots.entrySet()) {
      Instant at = e.getValue().failedAt();
      if (at != null) {
        failed.add(Map.entry(e.getKey(), at));
      } else {
        clean.add(e.getKey());
      }
    }
    for (ActorId c : clean) {
      if (excess-- <= 0) {
        return;
      }
      snapshots.remove(c);
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
