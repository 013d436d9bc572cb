package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
   * Opens a single-use port that accepts only a message of {@code type}; a message of another
   * type is refused as by {@link #openPort(Class)} and leaves the port open for the real reply.
   */
  <T> OncePortReceiver<T> openOncePort(Class<T> type);

  /**
   * Sends {@code message} to {@code dest} as this instance, routing locally or through the proc's
   * forwarder; a failed delivery comes back to this instance as {@link Undeliverable}.
   */
  void post(PortId dest, Object message);

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

  /** Sends {@code message} to this actor's handler port after {@code delay}. */
  void selfMessageWithDelay(M message, Duration delay);

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
