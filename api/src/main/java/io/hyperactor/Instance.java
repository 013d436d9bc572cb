package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The runtime side of one actor (or client) on a proc: its identity, mailbox and place in the
 * supervision tree.
 *
 * <p>An actor's instance is used from the actor's own thread; a client instance may be used from
 * any one thread at a time. Sends from an instance carry its id as the sender and are numbered
 * per destination for ordering.
 *
 * @param <M> the protocol of the actor (or {@link Void} for clients)
 */
public interface Instance<M> {

  /** This instance's actor id. */
  ActorId selfId();

  /** The proc this instance lives on. */
  Proc proc();

  /** The instance's unique session id, which also keys its message sequence. */
  UUID instanceId();

  /** The current status. */
  ActorStatus status();

  /** The read-only view of this instance in the supervision tree. */
  ActorCell cell();

  /** A handle to this actor. */
  ActorHandle<M> handle();

  /** This actor's handler port. */
  PortHandle<M> port();

  /** A serializable reference to this actor. */
  ActorRef<M> bind();

  /** Opens a new port on this instance's mailbox; messages arrive on the returned receiver. */
  <T> PortReceiver<T> openPort();

  /**
   * Opens a new port that accepts only messages of {@code type}: a message of another type sent to
   * it comes back to its sender as undeliverable ({@link DeliveryError.Kind#WRONG_TYPE}), and a
   * local send of one fails with {@link MailboxSenderException.Kind#WRONG_TYPE}.
   */
  <T> PortReceiver<T> openPort(Class<T> type);

  /** Opens a single-use port (for one reply). */
  <T> OncePortReceiver<T> openOncePort();

  /**
   * Opens an accumulating port with the default streaming options: updates sent to it are folded
   * into one state by {@code accumulator}, and the receiver reads the latest state.
   */
  <S, U> AccumPortReceiver<U, S> openAccumPort(Accumulator<S, U> accumulator);

  /**
   * Opens an accumulating port whose reference carries {@code streamingOpts}: when it is cast,
   * split copies of it flush reduced updates as these options say.
   */
  <S, U> AccumPortReceiver<U, S> openAccumPort(
      Accumulator<S, U> accumulator, ReducerMode.Streaming streamingOpts);

  /**
   * Opens a single-use port whose reference names {@code accumulator}'s reducer. Sent directly it
   * takes one value, as any once port; cast to a mesh, the replies of all destinations are reduced
   * on their way back and one fully reduced value arrives.
   *
   * @throws IllegalArgumentException when {@code accumulator} names no reducer
   */
  <T> OncePortReceiver<T> openReducePort(Accumulator<T, T> accumulator);

  /**
   * Opens a split port of {@code parent} in this instance's mailbox: a local port that passes
   * what it receives on to {@code parent}, as this instance, either unchanged or reduced as {@code
   * options} say. The casting layer splits reply ports this way so replies are combined at every
   * hop on their way back.
   *
   * @return the split port's id
   * @throws IllegalArgumentException when the options name a reducer this proc does not know
   */
  PortId splitPort(PortId parent, SplitPortOptions options);

  /**
   * Opens a single-use port that accepts only a message of {@code type}; a message of another
   * type is refused as by {@link #openPort(Class)} and leaves the port open for the real reply.
   */
  <T> OncePortReceiver<T> openOncePort(Class<T> type);

  /**
   * Sends {@code message} to {@code dest} as this instance, routing locally or through the proc's
   * forwarder; a failed delivery comes back to this instance as {@link Undeliverable}.
   */
  void post(PortId dest, Object message);

  /**
   * Sends {@code message} to {@code dest} as {@link #post(PortId, Object)} does; when {@code
   * returnUndeliverable} is false, a failed delivery is dropped instead of coming back to this
   * instance (for a message whose loss nobody needs to hear of, such as an answer to a caller
   * that may have stopped listening).
   */
  void post(PortId dest, Object message, boolean returnUndeliverable);

  /** Spawns a child actor sharing this actor's name, with the next pid of its root name. */
  <C> ActorHandle<C> spawn(Actor<C> actor);

  /** Spawns a child actor with a descriptive {@code name}; its pid comes from this actor's counter. */
  <C> ActorHandle<C> spawnWithName(String name, Actor<C> actor);

  /** Creates a client child instance (no message loop) linked under this instance. */
  ClientInstance child();

  /** Asks this actor to stop after draining its queued work. */
  void stop(String reason);

  /** Fails this actor with an "aborted" error. */
  void abort(String reason);

  /**
   * Sends {@code message} to this actor's handler port after {@code delay}, through the actor
   * system's scheduler (no thread waits for it). The returned handle cancels it; so does the actor's
   * stop.
   *
   * @throws UnsupportedOperationException on a client instance, which has no handler
   */
  Cancellable selfMessageWithDelay(M message, Duration delay);

  /**
   * This actor's timers: keyed single and periodic self-messages, cancelled when the actor stops.
   * Use them only from the actor's own handlers.
   *
   * @throws UnsupportedOperationException on a client instance, which has no handler
   */
  Timers<M> timers();

  /**
   * Asks {@code target}: opens a one-shot reply port on this instance, builds the request around
   * it with {@code request}, sends it, and returns the future of the reply.
   *
   * <p>The future completes with the reply; exceptionally with {@link AskTimeoutException} when
   * none arrives within {@code timeout}, or with {@link UndeliverableMessageException} when the
   * request comes back undeliverable (the target is gone, or refused it). Nothing blocks: inside an
   * actor, hand the result back to the actor with {@link #pipeToSelf} rather than touching the
   * actor's state in a callback, which runs on whichever thread completed the future. A reply that
   * arrives after the timeout is logged and dropped.
   *
   * <pre>{@code
   * CompletableFuture<Long> value = counter.ask(cx, replyTo -> new Get(replyTo), Duration.ofSeconds(5));
   * }</pre>
   *
   * @param <Q> the target's message type
   * @param <R> the reply's type
   */
  <Q, R> CompletableFuture<R> ask(
      ActorRef<Q> target, Function<OncePortRef<R>, ? extends Q> request, Duration timeout);

  /**
   * When {@code stage} completes, sends this actor the message {@code adapter} makes of its value
   * or failure (one of the two is null), so that the actor handles the outcome in its own handler,
   * in order with its other messages. An adapter that throws or returns null fails the delivery,
   * which is logged.
   *
   * <pre>{@code
   * cx.pipeToSelf(store.<Value>ask(cx, r -> new Load(key, r), TIMEOUT),
   *     (value, error) -> error == null ? new Loaded(key, value) : new LoadFailed(key, error));
   * }</pre>
   *
   * @throws UnsupportedOperationException on a client instance, which has no handler
   */
  <T> void pipeToSelf(
      CompletionStage<T> stage, BiFunction<? super T, ? super Throwable, ? extends M> adapter);

  /** Storage scoped to this instance (see {@link ActorLocal}). */
  ActorLocalStorage locals();

  /** The live introspection payload of this instance, computed without a message round trip. */
  IntrospectResult introspectPayload();

  /** Replaces the attributes this instance publishes for introspection. */
  void publishAttrs(Map<String, String> attrs);

  /** Adds or replaces one published attribute. */
  void publishAttr(String key, String value);

  /** Marks this actor as a system actor (hidden by default in tools). */
  void setSystem();

  /**
   * Registers the function answering {@link IntrospectMessage.QueryChild}; it runs off the actor's
   * thread and must not touch actor state.
   */
  void setQueryChildHandler(Function<String, IntrospectResult> handler);
}
