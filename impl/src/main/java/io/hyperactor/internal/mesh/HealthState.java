package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * What a mesh controller knows of its mesh's health: the latest status of every rank with the
 * generation that wrote it, the latched unhealthy event, the ranks it has reported, its owner and
 * its subscribers.
 *
 * <p>Statuses merge last-writer-wins by generation (an equal generation is accepted), and a
 * terminating status ({@code Stopping}, {@code Stopped}, {@code Failed}, {@code Timeout}) freezes
 * its rank: later updates are ignored. Ranks are the view ranks of the controlled mesh. Used only
 * from the controller's own thread, so it is not synchronized.
 */
final class HealthState {
  private record Entry(Status status, long generation) {}

  private final Map<Integer, Entry> statuses = new HashMap<>();
  private final Map<Integer, ActorSupervisionEvent> crashedRanks = new LinkedHashMap<>();
  // Keyed by port id: two refs to one port are one subscriber, whatever their reducer options.
  private final Map<PortId, PortRef<SupervisionNotice>> subscribers = new LinkedHashMap<>();
  private final @Nullable PortRef<MeshFailure> owner;
  private @Nullable Unhealthy unhealthy;

  /** A health state seeded with {@code initial} (every rank at generation 0). */
  HealthState(ValueMesh<Status> initial, @Nullable PortRef<MeshFailure> owner) {
    checkNotNull(initial, "initial");
    List<Status> list = initial.asList();
    for (int rank = 0; rank < list.size(); rank++) {
      statuses.put(rank, new Entry(list.get(rank), 0));
    }
    this.owner = owner;
  }

  /**
   * Applies one rank's status at {@code generation}; true when the stored status changed (or the
   * rank was new). A terminating rank and an older generation are ignored; an accepted update with
   * the same status still records the newer generation.
   */
  boolean maybeUpdate(int rank, Status status, long generation) {
    checkNotNull(status, "status");
    Entry old = statuses.get(rank);
    if (old == null) {
      statuses.put(rank, new Entry(status, generation));
      return true;
    }
    if (old.status().isTerminating() || old.generation() > generation) {
      return false;
    }
    statuses.put(rank, new Entry(status, generation));
    return !old.status().equals(status);
  }

  /** Overwrites a tracked rank's status, past the terminal freeze (the outcome of a stop). */
  void overwrite(int rank, Status status) {
    if (statuses.containsKey(rank)) {
      statuses.put(rank, new Entry(status, Long.MAX_VALUE));
    }
  }

  /** True when every tracked rank is terminating (vacuously true with none). */
  boolean allTerminating() {
    return statuses.values().stream().allMatch(e -> e.status().isTerminating());
  }

  /** True when at least one tracked rank is terminating. */
  boolean anyTerminating() {
    return statuses.values().stream().anyMatch(e -> e.status().isTerminating());
  }

  /**
   * Applies a polled mesh of states, calling {@code onChange} for every rank whose status changed;
   * true when any call returned true (it notified someone). {@code onChange} gets the view rank and
   * the state.
   */
  <S> boolean applyUpdatesAndNotify(
      ValueMesh<State<S>> states, BiPredicate<Integer, State<S>> onChange) {
    boolean notified = false;
    List<State<S>> list = states.asList();
    for (int rank = 0; rank < list.size(); rank++) {
      State<S> state = list.get(rank);
      if (maybeUpdate(rank, state.status(), state.generation())) {
        notified |= onChange.test(rank, state);
      }
    }
    return notified;
  }

  /** The status of {@code rank}, if tracked. */
  Optional<Status> status(int rank) {
    Entry e = statuses.get(rank);
    return e == null ? Optional.empty() : Optional.of(e.status());
  }

  /** The generation that wrote {@code rank}'s status, if tracked. */
  Optional<Long> generation(int rank) {
    Entry e = statuses.get(rank);
    return e == null ? Optional.empty() : Optional.of(e.generation());
  }

  /** The tracked statuses ordered by rank. */
  List<Status> statusesByRank() {
    List<Integer> ranks = new ArrayList<>(statuses.keySet());
    Collections.sort(ranks);
    List<Status> out = new ArrayList<>(ranks.size());
    for (int rank : ranks) {
      out.add(statuses.get(rank).status());
    }
    return out;
  }

  /** The number of tracked ranks. */
  int numRanks() {
    return statuses.size();
  }

  /** Records that {@code rank} was reported with {@code event} (stops included). */
  void recordReported(int rank, ActorSupervisionEvent event) {
    crashedRanks.put(rank, event);
  }

  /** The ranks reported so far, in the order first reported. */
  List<Integer> reportedRanks() {
    return List.copyOf(crashedRanks.keySet());
  }

  /** Latches {@code event}, replacing any earlier one. */
  void latch(Unhealthy event) {
    this.unhealthy = checkNotNull(event, "event");
  }

  /** The latched unhealthy event, if any. */
  Optional<Unhealthy> unhealthy() {
    return Optional.ofNullable(unhealthy);
  }

  /** The owner, told about failures only. */
  Optional<PortRef<MeshFailure>> owner() {
    return Optional.ofNullable(owner);
  }

  /** Adds a subscriber; false when it was already subscribed. */
  boolean subscribe(PortRef<SupervisionNotice> port) {
    checkNotNull(port, "port");
    return subscribers.putIfAbsent(port.portId(), port) == null;
  }

  /** Removes a subscriber; false when it was not subscribed. */
  boolean unsubscribe(PortId port) {
    return subscribers.remove(port) != null;
  }

  /** The subscribers, in subscription order (a copy). */
  List<PortRef<SupervisionNotice>> subscribers() {
    return List.copyOf(subscribers.values());
  }
}
