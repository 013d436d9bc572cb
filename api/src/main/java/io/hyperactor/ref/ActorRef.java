package io.hyperactor.ref;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Instance;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A serializable reference to an actor whose protocol is {@code M}.
 *
 * <p>The reference is only an id: it is valid to hold one for an actor on another proc, or for an
 * actor that has stopped (sends then come back as undeliverable).
 *
 * @param actorId the referenced actor
 * @param <M> the actor's message protocol
 */
public record ActorRef<M>(ActorId actorId) {
  public ActorRef {
    checkNotNull(actorId, "actorId");
  }

  /** A reference to {@code actorId}, trusting the caller that its protocol is {@code M}. */
  public static <M> ActorRef<M> attest(ActorId actorId) {
    return new ActorRef<>(actorId);
  }

  /** The reference to the actor's handler port. */
  public PortRef<M> port() {
    return new PortRef<>(actorId.portId(PortId.HANDLER_INDEX));
  }

  /** Sends {@code message} to the actor's handler port, as {@code sender}. */
  public void send(Instance<?> sender, M message) {
    sender.post(actorId.portId(PortId.HANDLER_INDEX), message);
  }

  /**
   * Asks this actor from {@code cx}: {@code request} builds the message around a one-shot reply
   * port, and the future completes with the reply, or exceptionally with an {@link
   * io.hyperactor.AskTimeoutException} after {@code timeout} or an {@link
   * io.hyperactor.UndeliverableMessageException} when the request comes back. See {@link
   * Instance#ask}.
   *
   * <pre>{@code
   * long value = counter.<Long>ask(cx, replyTo -> new Get(replyTo), Duration.ofSeconds(5)).join();
   * }</pre>
   */
  public <R> CompletableFuture<R> ask(
      Instance<?> cx, Function<OncePortRef<R>, ? extends M> request, Duration timeout) {
    return cx.ask(this, request, timeout);
  }

  /**
   * The local handle of the referenced actor, if it lives on {@code cx}'s proc, is not terminated
   * and is an instance of {@code actorType}.
   */
  public Optional<ActorHandle<M>> downcastHandle(
      Instance<?> cx, Class<? extends Actor<M>> actorType) {
    return cx.proc().resolveActorRef(this, actorType);
  }

  @Override
  public String toString() {
    return actorId.toString();
  }
}
