package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A host agent's record of one proc resource: its rank and mesh, how its creation went, its
 * process handle once ready, whether a stop was asked, its keepalive expiry and its waiters.
 *
 * <p>Status: {@code Initializing} while the host creates it, {@code Failed(reason)} when that
 * failed, else its handle's status mapped to a resource status ({@link #statusOf}). Not
 * thread-safe: owned by the agent's loop.
 */
final class ProcRecord {
  /** A pending {@code WaitRankStatus}: answered once the status reaches {@code minStatus}. */
  record Waiter(Status minStatus, PortRef<StatusOverlay> reply) {}

  private final long rank;
  private final @Nullable String hostMeshId;
  private @Nullable ProcId procId;
  private @Nullable ActorRef<Object> agent;
  private @Nullable ProcHandle<Object> handle;
  private @Nullable String failure;
  private boolean stopRequested;
  private @Nullable Instant expiry;
  private @Nullable AutoCloseable watch;
  private final List<Waiter> waiters = new ArrayList<>();
  // StreamState subscribers, pushed every change of the reported status.
  private final Set<PortId> subscribers = new LinkedHashSet<>();
  private long generation = 1;
  private @Nullable Status lastReported;

  ProcRecord(long rank, @Nullable String hostMeshId) {
    this.rank = rank;
    this.hostMeshId = hostMeshId;
  }

  long rank() {
    return rank;
  }

  @Nullable String hostMeshId() {
    return hostMeshId;
  }

  boolean isCreating() {
    return handle == null && failure == null;
  }

  boolean isCreated() {
    return handle != null;
  }

  void created(ProcId id, ActorRef<Object> agentRef, ProcHandle<Object> procHandle) {
    this.procId = checkNotNull(id, "id");
    this.agent = checkNotNull(agentRef, "agentRef");
    this.handle = checkNotNull(procHandle, "procHandle");
  }

  void failed(String reason) {
    this.failure = checkNotNull(reason, "reason");
  }

  @Nullable ProcId procId() {
    return procId;
  }

  @Nullable ActorRef<Object> agent() {
    return agent;
  }

  @Nullable ProcHandle<Object> handle() {
    return handle;
  }

  @Nullable ProcStatus procStatus() {
    return handle == null ? null : handle.status();
  }

  /** The resource status, before the agent's lifecycle floor is applied. */
  Status status() {
    if (failure != null) {
      return new Status.Failed(failure);
    }
    ProcHandle<Object> h = handle;
    return h == null ? Status.INITIALIZING : statusOf(h.status());
  }

  /** Marks a stop as asked; false when one was asked before. */
  boolean requestStop() {
    boolean first = !stopRequested;
    stopRequested = true;
    return first;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  void keepalive(Instant expiresAfter) {
    this.expiry = expiresAfter;
  }

  /** True, once, when the keepalive expired before {@code now}; forgets the expiry. */
  boolean takeExpired(Instant now) {
    if (expiry != null && expiry.isBefore(now) && isCreated()) {
      expiry = null;
      return true;
    }
    return false;
  }

  void watching(AutoCloseable registration) {
    this.watch = registration;
  }

  /** Stops watching the proc's status. */
  void unwatch() {
    AutoCloseable w = watch;
    watch = null;
    if (w != null) {
      try {
        w.close();
      } catch (Exception e) {
        // A watch registration only unregisters a listener; there is nothing to recover.
      }
    }
  }

  /** Adds a stream subscriber. */
  void subscribe(PortId subscriber) {
    subscribers.add(subscriber);
  }

  /** Removes a stream subscriber; false when it was not one. */
  boolean unsubscribe(PortId subscriber) {
    return subscribers.remove(subscriber);
  }

  /** The stream subscribers (a copy). */
  List<PortId> subscribers() {
    return List.copyOf(subscribers);
  }

  /** The generation of the reported state: 1 at creation, bumped on each reported change. */
  long generation() {
    return generation;
  }

  /**
   * Records that the reported status is now {@code status}; true, with the generation bumped,
   * when it differs from the last one recorded.
   */
  boolean report(Status status) {
    if (status.equals(lastReported)) {
      return false;
    }
    if (lastReported != null) {
      generation++;
    }
    lastReported = status;
    return true;
  }

  void addWaiter(Waiter waiter) {
    waiters.add(waiter);
  }

  void addWaiters(List<Waiter> more) {
    waiters.addAll(more);
  }

  /** Removes and returns the waiters {@code status} satisfies. */
  List<Waiter> takeSatisfied(Status status) {
    List<Waiter> out = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (status.isAtLeast(w.minStatus())) {
        out.add(w);
        it.remove();
      }
    }
    return out;
  }

  /** Removes and returns every waiter. */
  List<Waiter> takeAllWaiters() {
    List<Waiter> out = new ArrayList<>(waiters);
    waiters.clear();
    return out;
  }

  /**
   * The resource status of a proc status: {@code Starting} is {@code Initializing}; {@code
   * Running} and {@code Ready} are {@code Running}; {@code Stopping} is {@code Stopping}; a stop
   * with any exit code is {@code Stopped}; a kill is {@code Failed("Killed(sig=N)")}; a failure is
   * {@code Failed(reason)}.
   */
  static Status statusOf(ProcStatus status) {
    return switch (status) {
      case ProcStatus.Starting s -> Status.INITIALIZING;
      case ProcStatus.Running r -> Status.RUNNING;
      case ProcStatus.Ready r -> Status.RUNNING;
      case ProcStatus.Stopping s -> Status.STOPPING;
      case ProcStatus.Stopped s -> Status.STOPPED;
      case ProcStatus.Killed k -> new Status.Failed(k.toString());
      case ProcStatus.Failed f -> new Status.Failed(f.reason());
    };
  }
}
