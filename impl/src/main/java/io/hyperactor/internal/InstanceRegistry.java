package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The proc's instances by id; also its mailbox muxer, since each cell holds its mailbox.
 *
 * <p>An entry holds its cell strongly while the instance is live and only weakly once it has
 * terminated, so a stopped actor stays addressable (sends fail with its status) while anything
 * references it, and its entry is purged after the cell is collected. Upstream never unbinds
 * muxer entries; this keeps procs that spawn and stop many actors from growing without bound.
 * Thread-safe.
 */
final class InstanceRegistry {
  private final ConcurrentHashMap<ActorId, Registration> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<InstanceCell> collected = new ReferenceQueue<>();

  /** An entry: strong while the instance is live, weak after it terminated. */
  private static final class Registration extends WeakReference<InstanceCell> {
    final ActorId id;
    volatile @Nullable InstanceCell strong;

    Registration(InstanceCell cell, ReferenceQueue<InstanceCell> queue) {
      super(cell, queue);
      this.id = cell.actorId();
      this.strong = cell;
    }
  }

  /**
   * Registers {@code cell}. A second instance with the same id replaces the first in the registry
   * (upstream's AI-3 hazard: callers keep named children's names unique per proc).
   */
  void register(InstanceCell cell) {
    purge();
    entries.put(cell.actorId(), new Registration(cell, collected));
  }

  private void purge() {
    Reference<? extends InstanceCell> ref;
    while ((ref = collected.poll()) != null) {
      Registration r = (Registration) ref;
      entries.remove(r.id, r);
    }
  }

  /** Drops the strong reference of a terminated instance. */
  void release(InstanceCell cell) {
    Registration r = entries.get(cell.actorId());
    if (r != null && r.get() == cell) {
      r.strong = null;
    }
  }

  @Nullable InstanceCell lookup(ActorId id) {
    Registration r = entries.get(id);
    return r == null ? null : r.get();
  }

  int size() {
    purge();
    return entries.size();
  }

  ImmutableList<ActorId> rootIds() {
    return entries.keySet().stream()
        .filter(ActorId::isRoot)
        .collect(ImmutableList.toImmutableList());
  }

  ImmutableList<ActorId> liveIds() {
    ImmutableList.Builder<ActorId> out = ImmutableList.builder();
    for (Map.Entry<ActorId, Registration> e : entries.entrySet()) {
      InstanceCell cell = e.getValue().get();
      if (cell != null && !cell.status().isTerminal()) {
        out.add(e.getKey());
      }
    }
    return out.build();
  }

  ImmutableList<ActorId> keys() {
    return ImmutableList.copyOf(entries.keySet());
  }
}
