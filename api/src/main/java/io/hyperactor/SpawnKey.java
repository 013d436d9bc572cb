package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The registered name of a spawnable actor type, with its protocol and the type of its
 * parameters: what a proc needs to create that actor for a caller in another JVM.
 *
 * <p>A proc creates only the types registered with it under this key (see {@code
 * ActorSystem.Builder.spawnable}), decoding the parameters with its codec registry; nothing else
 * is instantiated from the wire. The parameter type is a record (or another type) registered with
 * the codec registry, or {@link Void} for an actor that takes none.
 *
 * <pre>{@code
 * record WorkerParams(int shards) {}
 * static final SpawnKey<WorkerMsg, WorkerParams> WORKER =
 *     SpawnKey.of("app.worker", WorkerMsg.class, WorkerParams.class);
 *
 * ActorRef<WorkerMsg> worker = system.spawn(cx, procId, "worker", WORKER, new WorkerParams(4)).join();
 * }</pre>
 *
 * @param typeName the stable name the type is registered under on every proc
 * @param messageType the actor's protocol: every message it handles is an instance of it
 * @param paramsType the type of the parameters the factory takes, or {@code Void.class}
 * @param <M> the actor's message type
 * @param <P> the parameters' type
 */
public record SpawnKey<M, P>(String typeName, Class<M> messageType, Class<P> paramsType) {

  /** Checks the name. */
  public SpawnKey {
    checkNotNull(typeName, "typeName");
    checkNotNull(messageType, "messageType");
    checkNotNull(paramsType, "paramsType");
    checkArgument(!typeName.isBlank(), "spawnable type name must not be blank");
  }

  /** A key for an actor type whose factory takes parameters of {@code paramsType}. */
  public static <M, P> SpawnKey<M, P> of(
      String typeName, Class<M> messageType, Class<P> paramsType) {
    return new SpawnKey<>(typeName, messageType, paramsType);
  }

  /** A key for an actor type whose factory takes no parameters. */
  public static <M> SpawnKey<M, Void> of(String typeName, Class<M> messageType) {
    return new SpawnKey<>(typeName, messageType, Void.class);
  }

  /** Whether the factory takes no parameters. */
  public boolean takesNoParams() {
    return paramsType == Void.class;
  }
}
