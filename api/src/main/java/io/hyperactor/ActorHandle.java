package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A local, typed handle to an actor on this proc.
 *
 * <p>Handles are thread-safe and cheap to copy. Unlike an {@link ActorRef}, a handle is not
 * serializable.
 *
 * @param <M> the actor's protocol
 */
public interface ActorHandle<M> {

  /** The actor's id. */
  ActorId actorId();

  /** The actor's cell (its view in the supervision tree). */
  ActorCell cell();

  /** The actor's current status. */
  default ActorStatus status() {
    return cell().status();
  }

  /**
   * Enqueues {@code message} without a sender.
   *
   * @throws MailboxSenderException when the actor has terminated, naming its status
   */
  void send(M message);

  /**
   * Enqueues {@code message} as {@code sender} (numbered in the sender's sequence).
   *
   * @throws MailboxSenderException when the actor has terminated, naming its status
   */
  void send(Instance<?> sender, M message);

  /** The actor's handler port. */
  PortHandle<M> port();

  /** A serializable reference to the actor. */
  ActorRef<M> bind();

  /** Asks the actor to stop after draining its queued work. */
  void drainAndStop(String reason);

  /** Completes with the actor's terminal status. */
  CompletableFuture<ActorStatus> termination();

  /** Asks this actor from {@code cx}; see {@link Instance#ask}. */
  default <R> CompletableFuture<R> ask(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Duration timeout) {
    return cx.ask(bind(), request, timeout);
  }
}
