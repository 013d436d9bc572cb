package io.hyperactor;

import io.hyperactor.supervision.ActorSupervisionEvent;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour of an actor whose protocol is {@code M}.
 *
 * <p>The runtime calls every method on the actor's own thread, one at a time, so an actor needs no
 * synchronization of its own state. A protocol is best declared as a sealed interface of records
 * and handled with an exhaustive {@code switch}:
 *
 * <pre>{@code
 * sealed interface CounterMsg permits Incr, Get {}
 * record Incr(long by) implements CounterMsg {}
 * record Get(OncePortRef<Long> reply) implements CounterMsg {}
 *
 * final class Counter implements Actor<CounterMsg> {
 *   private long value;
 *
 *   public void handle(Context<CounterMsg> cx, CounterMsg msg) {
 *     switch (msg) {
 *       case Incr i -> value += i.by();
 *       case Get g -> g.reply().send(cx, value);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A handler that throws fails the actor: a checked exception becomes a failure carrying its
 * message; an unchecked exception or {@link Error} becomes a failure carrying the message and the
 * stack trace.
 *
 * @param <M> the message protocol
 */
public interface Actor<M> {

  /** Runs once before the first message; throwing fails the actor with an initialization error. */
  default void init(Instance<M> self) throws Exception {}

  /** Handles one message. */
  void handle(Context<M> cx, M message) throws Exception;

  /**
   * Handles the termination of a child; returns true when the event is handled here and false to
   * fail this actor with it (propagating it to the parent).
   *
   * <p>The default handles clean stops and leaves failures unhandled.
   */
  default boolean handleSupervisionEvent(Instance<M> self, ActorSupervisionEvent event)
      throws Exception {
    return !event.isError();
  }

  /**
   * Handles a message this actor sent that could not be delivered.
   *
   * <p>The default fails the actor, naming the message's destination and the delivery error.
   */
  default void handleUndeliverable(Instance<M> self, Undeliverable undeliverable)
      throws Exception {
    throw new UndeliverableMessageException(undeliverable);
  }

  /**
   * Runs after the loop ended and the children stopped, bounded by the configured cleanup timeout;
   * {@code cause} is why the actor is failing, or null for a clean stop.
   *
   * <p>Skipped when a handler threw an {@link Error} and when the actor's task is aborted. A throw
   * or a timeout fails an actor that was stopping cleanly ("cleanup error: ...").
   */
  default void cleanup(Instance<M> self, @Nullable Throwable cause) throws Exception {}

  /**
   * The type of message this actor accepts. A message of any other type sent to it never reaches
   * {@link #handle}: it comes back to its sender as undeliverable ({@link
   * DeliveryError.Kind#WRONG_TYPE}), or a local send through a handle fails with {@link
   * MailboxSenderException.Kind#WRONG_TYPE}.
   *
   * <p>The default is {@code M} as the actor's class fixes it: {@code class Counter implements
   * Actor<CounterMsg>} accepts {@code CounterMsg} and the records that implement it. Where the
   * class leaves {@code M} open (a lambda, or a generic class such as {@code Forwarder<T>
   * implements Actor<T>}) the default is {@code M}'s bound, {@code Object} when it has none, which
   * accepts every message; override this method to narrow it. The runtime reads it once, at spawn.
   *
   * <pre>{@code
   * final class Forwarder<T> implements Actor<T> {
   *   private final Class<T> type;
   *   ...
   *   public Class<?> messageType() {
   *     return type;
   *   }
   * }
   * }</pre>
   */
  default Class<?> messageType() {
    return MessageTypes.resolve(getClass());
  }

  /** A human-readable name used in supervision events and logs. */
  default String displayName() {
    return getClass().getSimpleName();
  }
}
