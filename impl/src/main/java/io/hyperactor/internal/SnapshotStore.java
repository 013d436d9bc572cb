package io.hyperactor.internal;

import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
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
 * cause) survive longest. Thread-safe.
 */
final class SnapshotStore {
  private final ConcurrentHashMap<ActorId, IntrospectResult> snapshots = new ConcurrentHashMap<>();

  synchronized void store(ActorId id, IntrospectResult snapshot, long retention) {
    snapshots.put(id, snapshot);
    long excess = snapshots.size() - Math.max(0, retention);
    if (excess <= 0) {
      return;
    }
    List<ActorId> clean = new ArrayList<>();
    List<Map.Entry<ActorId, String>> failed = new ArrayList<>();
    for (Map.Entry<ActorId, IntrospectResult> e : snapshots.entrySet()) {
      Optional<String> message = e.getValue().attr(Introspection.FAILURE_ERROR_MESSAGE);
      Optional<String> at = e.getValue().attr(Introspection.FAILURE_OCCURRED_AT);
      if (message.isPresent() && at.isPresent()) {
        failed.add(Map.entry(e.getKey(), at.get()));
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
    failed.sort(Map.Entry.<ActorId, String>comparingByValue(Comparator.reverseOrder()));
    for (Map.Entry<ActorId, String> f : failed) {
      if (excess-- <= 0) {
        return;
      }
      snapshots.remove(f.getKey());
    }
  }

  Optional<IntrospectResult> get(ActorId id) {
    return Optional.ofNullable(snapshots.get(id));
  }

  List<ActorId> ids() {
    return new ArrayList<>(snapshots.keySet());
  }
}
