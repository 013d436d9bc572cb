package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ActorCell;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proc agent's record of one actor resource: how its spawn went, whether a stop was asked, its
 * terminal event, its subscribers and waiters, its keepalive expiry and its generation.
 *
 * <p>Status derivation, in priority order: a failed spawn is {@code Failed(spawn error)}; an error
 * event is {@code Failed(event)}; any other event is {@code Stopped}; a requested stop is {@code
 * Stopping}; otherwise {@code Running}. A failed spawn is terminal but is not an error: it neither
 * poisons the proc nor makes the exit code 1. Not thread-safe: owned by the agent's loop.
 */
final class ActorInstanceState {
  /** A pending {@code WaitRankStatus}: replied to once the status reaches {@code minStatus}. */
  record Waiter(Status minStatus, PortRef<StatusOverlay> reply) {}

  private final long createRank;
  private final @Nullable ActorId actorId;
  private final @Nullable ActorCell cell;
  private final @Nullable String spawnError;
  private boolean stopInitiated;
  private @Nullable ActorSupervisionEvent supervisionEvent;
  private final List<PortRef<State<ActorState>>> subscribers = new ArrayList<>();
  private @Nullable Instant expiryTime;
  private long generation = 1;
  private final List<Waiter> pendingWaitStatus = new ArrayList<>();

  private ActorInstanceState(
      long createRank,
      @Nullable ActorId actorId,
      @Nullable ActorCell cell,
      @Nullable String error) {
    checkArgument(createRank >= 0, "createRank must be >= 0, got %s", createRank);
    this.createRank = createRank;
    this.actorId = actorId;
    this.cell = cell;
    this.spawnError = error;
  }

  /** A spawned actor, without its cell (for records built outside a proc). */
  static ActorInstanceState spawned(long createRank, ActorId actorId) {
    return new ActorInstanceState(createRank, checkNotNull(actorId, "actorId"), null, null);
  }

  /** A spawned actor whose cell is kept to recognise the terminal event it reports. */
  static ActorInstanceState spawned(long createRank, ActorCell cell) {
    return new ActorInstanceState(createRank, cell.actorId(), cell, null);
  }

  static ActorInstanceState spawnFailed(long createRank, String error) {
    return new ActorInstanceState(createRank, null, null, checkNotNull(error, "error"));
  }

  /**
   * True when {@code event} is this actor's terminal event: it names the actor, or it is the event
   * the actor terminated with (a root failing on a descendant's unhandled failure reports the
   * descendant's event unchanged).
   */
  boolean isEventOf(ActorSupervisionEvent event) {
    if (actorId == null) {
      return false;
    }
    if (actorId.equals(event.actorId())) {
      return true;
    }
    return cell != null && cell.supervisionEvent().map(event::equals).orElse(false);
  }

  long createRank() {
    return createRank;
  }

  /** The spawned actor, or null when the spawn failed. */
  @Nullable ActorId actorId() {
    return actorId;
  }

  boolean spawnSucceeded() {
    return actorId != null;
  }

  boolean stopInitiated() {
    return stopInitiated;
  }

  long generation() {
    return generation;
  }

  @Nullable Instant expiryTime() {
    return expiryTime;
  }

  @Nullable ActorSupervisionEvent supervisionEvent() {
    return supervisionEvent;
  }

  Status status() {
    if (spawnError != null) {
      return new Status.Failed(spawnError);
    }
    ActorSupervisionEvent event = supervisionEvent;
    if (event != null) {
      return event.isError() ? new Status.Failed(event.toString()) : Status.STOPPED;
    }
    return stopInitiated ? Status.STOPPING : Status.RUNNING;
  }

  /** A failed spawn or a recorded terminal event. */
  boolean isTerminal() {
    return spawnError != null || supervisionEvent != null;
  }

  /** A recorded error event; a failed spawn does not count. */
  boolean hasErrors() {
    ActorSupervisionEvent event = supervisionEvent;
    return event != null && event.isError();
  }

  /**
   * Marks the first effective {@code Stop}: bumps the generation; returns false (and changes
   * nothing) for a failed spawn or a repeated stop.
   */
  boolean beginStop() {
    if (!spawnSucceeded() || stopInitiated) {
      return false;
    }
    stopInitiated = true;
    generation++;
    return true;
  }

  /**
   * Marks a stop from {@code StopAll} or the orphan reaper, which does not bump the generation;
   * returns whether the actor was spawned and not yet being stopped.
   */
  boolean beginQuietStop() {
    if (stopInitiated) {
      return false;
    }
    stopInitiated = true;
    return spawnSucceeded();
  }

  /** Records a terminal event (the latest wins) and bumps the generation. */
  void recordEvent(ActorSupervisionEvent event) {
    supervisionEvent = checkNotNull(event, "event");
    generation++;
  }

  /** Records the owner's keepalive deadline; each replaces the previous one. */
  void keepalive(Instant expiresAfter) {
    expiryTime = checkNotNull(expiresAfter, "expiresAfter");
  }

  /** True when a keepalive was received, it expired before {@code now}, and the actor can stop. */
  boolean isOrphanAt(Instant now) {
    Instant expiry = expiryTime;
    return expiry != null && now.isAfter(expiry) && !stopInitiated && spawnSucceeded();
  }

  void subscribe(PortRef<State<ActorState>> subscriber) {
    subscribers.add(checkNotNull(subscriber, "subscriber"));
  }

  ImmutableList<PortRef<State<ActorState>>> subscribers() {
    return ImmutableList.copyOf(subscribers);
  }

  /** Drops every subscription to {@code port}; returns how many were dropped. */
  int removeSubscriber(PortRef<?> port) {
    int before = subscribers.size();
    subscribers.removeIf(s -> s.equals(port));
    return before - subscribers.size();
  }

  void addWaiter(Status minStatus, PortRef<StatusOverlay> reply) {
    pendingWaitStatus.add(new Waiter(minStatus, reply));
  }

  int pendingWaiters() {
    return pendingWaitStatus.size();
  }

  /** Removes and returns the waiters whose threshold the current status meets. */
  ImmutableList<Waiter> takeSatisfiedWaiters() {
    Status now = status();
    ImmutableList<Waiter> ready =
        pendingWaitStatus.stream()
            .filter(w -> now.isAtLeast(w.minStatus()))
            .collect(ImmutableList.toImmutableList());
    pendingWaitStatus.removeAll(ready);
    return ready;
  }

  /** This rank's status as a single-run overlay. */
  StatusOverlay overlay() {
    return StatusOverlay.single(createRank, status());
  }

  State<ActorState> toState(ResourceId id, Instant now) {
    ActorState payload = null;
    if (actorId != null) {
      ActorSupervisionEvent event = supervisionEvent;
      payload =
          new ActorState(
              actorId, createRank, event == null ? ImmutableList.of() : ImmutableList.of(event));
    }
    return new State<>(id, status(), payload, generation, now);
  }
}
