package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import io.hyperactor.Actor;
import io.hyperactor.SpawnKey;
import io.hyperactor.internal.mailbox.CodecRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The actor types a proc agent may instantiate from the wire: a stable type name mapped to the
 * factory that decodes the type's parameters, and optionally to the protocol its actors accept.
 *
 * <p>Nothing else is ever instantiated from a message: a spec naming an unregistered type fails
 * without side effects, and no class name taken from a message is resolved. An actor spawned from
 * a registration that names a message type accepts only that type, whatever its class leaves open
 * (a generic actor); without one, it accepts what its class declares ({@link
 * io.hyperactor.Actor#messageType}). Thread-safe.
 *
 * <pre>{@code
 * SpawnableRegistry registry = new SpawnableRegistry()
 *     .register("counter", CounterMsg.class, params -> new Counter(Longs.fromByteArray(params)));
 * }</pre>
 */
public final class SpawnableRegistry {
  private final ConcurrentHashMap<String, Spawnable> entries = new ConcurrentHashMap<>();

  /** One registration: the factory, and the protocol its actors accept if the registration names one. */
  private record Spawnable(SpawnableFactory factory, Optional<Class<?>> messageType) {}

  /**
   * Registers {@code factory} under {@code typeName}; its actors accept what their class declares.
   *
   * @return this
   * @throws IllegalArgumentException when the name is empty or already registered
   */
  public SpawnableRegistry register(String typeName, SpawnableFactory factory) {
    return add(typeName, new Spawnable(checkNotNull(factory, "factory"), Optional.empty()));
  }

  /**
   * Registers {@code factory} under {@code typeName}; its actors accept only messages of {@code
   * messageType}, which must be within what the created actor's class accepts.
   *
   * @return this
   * @throws IllegalArgumentException when the name is empty or already registered
   */
  public SpawnableRegistry register(
      String typeName, Class<?> messageType, SpawnableFactory factory) {
    return add(
        typeName,
        new Spawnable(
            checkNotNull(factory, "factory"),
            Optional.of(checkNotNull(messageType, "messageType"))));
  }

  private SpawnableRegistry add(String typeName, Spawnable spawnable) {
    checkNotNull(typeName, "typeName");
    checkArgument(!typeName.isEmpty(), "spawnable type name must not be empty");
    Spawnable existing = entries.putIfAbsent(typeName, spawnable);
    checkArgument(existing == null, "spawnable type '%s' is already registered", typeName);
    return this;
  }

  /**
   * Registers {@code factory} under {@code key}'s type name: its parameters arrive encoded by
   * {@code codecs} and are decoded, and checked to be of the key's parameter type, before the

   *
   * @return this
   * @throws IllegalArgumentException when the name is already registered
   */
  public <M, P> SpawnableRegistry register(
      SpawnKey<M, P> key, Function<? super P, ? extends Actor<M>> factory, CodecRegistry codecs) {
    checkNotNull(key, "key");
    checkNotNull(factory, "factory");
    checkNotNull(codecs, "codecs");
    return register(
        key.typeName(),
        key.messageType(),
        params -> {
          P decoded =
              key.takesNoParams() && params.length == 0
                  ? null
                  : codecs.decodeAs(key.paramsType(), params);
          return factory.apply(decoded);
        });
  }

  /** The factory registered under {@code typeName}, if any. */
  public Optional<SpawnableFactory> lookup(String typeName) {
    return Optional.ofNullable(entries.get(checkNotNull(typeName, "typeName")))
        .map(Spawnable::factory);
  }

  /** The message type the registration of {@code typeName} names, if it is registered with one. */
  public Optional<Class<?>> messageType(String typeName) {
    Spawnable s = entries.get(checkNotNull(typeName, "typeName"));
    return s == null ? Optional.empty() : s.messageType();
  }

  /** The registered type names, sorted. */
  public ImmutableSortedSet<String> typeNames() {
    return ImmutableSortedSet.copyOf(entries.keySet());
  }
}
