package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

  /** The factory registered under {@code typeName}, if any. */
  public Optional<SpawnableFactory> lookup(String typeName) {
    return Optional.ofNullable(factories.get(checkNotNull(typeName, "typeName")));
  }

  /** The registered type names, sorted. */
  public ImmutableSortedSet<String> typeNames() {
    return ImmutableSortedSet.copyOf(factories.keySet());
  }
}
