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
 * <p>An entry is the cell itself while the instance is live, and a weak reference to it once it
 * has terminated, so a stopped actor stays addressable (sends fail with its status) while
 * anything references it, and its entry is purged after the cell is collected. The weak reference
 * is made only at termination: a live actor's entry costs no more than the map's own node.
 * Upstream never unbinds muxer entries; this keeps procs that spawn and stop many actors from
 * growing without bound. Thread-safe.
 */
final class InstanceRegistry {
  // Values are InstanceCell (live) or Released (terminated).
  private final ConcurrentHashMap<ActorId, Object> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<InstanceCell> collected = new ReferenceQueue<>();

  /** The entry of a terminated instance: its cell, weakly. */
  private static final class Released extends WeakReference<InstanceCell> {
    final ActorId id;

    Released(InstanceCell cell, ReferenceQueue<InstanceCell> queue) {
      super(cell, queue);
      this.id = cell.actorId();
    }
  }

  /**
   * Registers {@code cell}. A second instance with the same id replaces the first in the registry
   * (upstream's AI-3 hazard: callers keep named children's names unique per proc).
   */
  void register(InstanceCell cell) {
    purge();
    entries.put(cell.actorId(), cell);
  }

  private void purge() {
    Reference<? extends InstanceCell> ref;
    while ((ref = collected.poll()) != null) {
      Released r = (Released) ref;
      entries.remove(r.id, r);
    }
  }

  /** Holds a terminated instance's cell only weakly from now on. */
  void release(InstanceCell cell) {
    // replace compares by equals, which for a cell is identity: a newer instance under the same
    // id keeps its entry.
    entries.replace(cell.actorId(), cell, new Released(cell, collected));
  }

  private static @Nullable InstanceCell cellOf(@Nullable Object entry) {
    if (entry instanceof InstanceCell cell) {
      return cell;
    }
    return entry == null ? null : ((Released) entry).get();
  }

  @Nullable InstanceCell lookup(ActorId id) {
    return cellOf(entries.get(id));
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
    for (Map.Entry<ActorId, Object> e : entries.entrySet()) {
      InstanceCell cell = cellOf(e.getValue());
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
