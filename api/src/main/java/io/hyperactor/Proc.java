package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The runtime boundary that hosts actors: it spawns them, routes their messages and tears them
 * down.
 *
 * <p>A proc owns a muxer of every local mailbox, a forwarder for destinations on other procs, a
 * per-root-name pid counter, a registry of live instances, bounded post-mortem snapshots of
 * terminated actors, and an optional supervision coordinator. Messages whose destination is on
 * this proc go to the muxer; all others go to the forwarder. Thread-safe.
 */
public interface Proc extends MailboxSender {

  /** This proc's id. */
  ProcId procId();

  /** The sender used for destinations on other procs. */
  MailboxSender forwarder();

  /**
   * Spawns a root actor named {@code name} (pid 0).
   *
   * @throws IllegalArgumentException when a root named {@code name} was ever allocated on this
   *     proc ("an actor with name '...' has already been spawned")
   */
  <M> ActorHandle<M> spawn(String name, Actor<M> actor);

  /** Creates a client root instance with no message loop. */
  ClientInstance instance(String name);

  /** Creates a client root instance that also answers introspection queries. */
  ClientInstance introspectableInstance(String name);

  /** Creates an actor instance without a loop whose receivers the caller drives. */
  <M> ActorInstance<M> actorInstance(String name);

  /**
   * Installs the port that receives supervision events no root handled.
   *
   * @throws IllegalStateException when a coordinator is already set
   */
  void setSupervisionCoordinator(PortHandle<ActorSupervisionEvent> port);

  /** The supervision coordinator's actor id, if one is set. */
  Optional<ActorId> supervisionCoordinatorActorId();

  /** The cell of a registered instance (terminated ones included while they are referenced). */
  Optional<ActorCell> getInstance(ActorId id);

  /** The ids of root instances (any status): an immutable list. */
  List<ActorId> rootActorIds();

  /** The ids of live, non-terminated instances (clients included): an immutable list. */
  List<ActorId> allActorIds();

  /** Every registered id, as an immutable list, without checking liveness; cheap, maybe stale. */
  List<ActorId> allInstanceKeys();

  /** The post-mortem snapshot of a terminated actor, while retained. */
  Optional<IntrospectResult> terminatedSnapshot(ActorId id);

  /** The ids of terminated actors whose snapshots are retained: an immutable list. */
  List<ActorId> allTerminatedActorIds();

  /**
   * The local handle of {@code ref}: empty when the id is not on this proc, terminated, or not an
   * instance of {@code actorType}.
   */
  <M> Optional<ActorHandle<M>> resolveActorRef(
      ActorRef<M> ref, Class<? extends Actor<M>> actorType);

  /**
   * Asks actor {@code id} to drain and stop; returns its terminal status future, or empty when the
   * actor is unknown or cannot be signalled.
   */
  Optional<CompletableFuture<ActorStatus>> stopActor(ActorId id, String reason);

  /**
   * Tears the proc down: stops every root (the supervision coordinator last), waits up to {@code
   * timeout} for each, aborts the rest, and flushes the forwarder.
   *
   * @param caller the instance calling from inside an actor, which is not waited for; null from
   *     outside actors (or use {@link #destroyAndWait(Duration, String)})
   */
  DestroyResult destroyAndWait(Duration timeout, @Nullable Instance<?> caller, String reason);

  /** Tears the proc down from outside any actor; see {@link #destroyAndWait(Duration, Instance, String)}. */
  default DestroyResult destroyAndWait(Duration timeout, String reason) {
    return destroyAndWait(timeout, null, reason);
  }
}
