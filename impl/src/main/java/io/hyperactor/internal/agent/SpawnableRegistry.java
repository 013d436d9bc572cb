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
 * factory that decodes the type's parameters.
 *
 * <p>Nothing else is ever instantiated from a message: a spec naming an unregistered type fails
 * without side effects, and no class name taken from a message is resolved. Thread-safe.
 *
 * <pre>{@code
 * SpawnableRegistry registry = new SpawnableRegistry()
 *     .register("counter", params -> new Counter(Longs.fromByteArray(params)));
 * }</pre>
 */
public final class SpawnableRegistry {
  private final ConcurrentHashMap<String, SpawnableFactory> factories = new ConcurrentHashMap<>();

  /**
   * Registers {@code factory} under {@code typeName}.
   *
   * @return this
   * @throws IllegalArgumentException when the name is empty or already registered
   */
  public SpawnableRegistry register(String typeName, SpawnableFactory factory) {
    checkNotNull(typeName, "typeName");
    checkNotNull(factory, "factory");
    checkArgument(!typeName.isEmpty(), "spawnable type name must not be empty");
    SpawnableFactory existing = factories.putIfAbsent(typeName, factory);
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
    return Optional.ofNullable(factories.get(checkNotNull(typeName, "typeName")));
  }

  /** The registered type names, sorted. */
  public ImmutableSortedSet<String> typeNames() {
    return ImmutableSortedSet.copyOf(factories.keySet());
  }
}
