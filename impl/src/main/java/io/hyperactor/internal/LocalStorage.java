package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorLocal;
import io.hyperactor.ActorLocalStorage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ActorLocal} values of one instance; thread-safe. The map is made by the first value:
 * most actors never store one, and an empty map would be per-actor memory.
 */
final class LocalStorage implements ActorLocalStorage {
  private static final VarHandle VALUES;

  static {
    try {
      VALUES =
          MethodHandles.lookup()
              .findVarHandle(LocalStorage.class, "values", ConcurrentHashMap.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable ConcurrentHashMap<ActorLocal<?>, Object> values;

  private ConcurrentHashMap<ActorLocal<?>, Object> values() {
    ConcurrentHashMap<ActorLocal<?>, Object> v = values;
    if (v == null) {
      ConcurrentHashMap<ActorLocal<?>, Object> made = new ConcurrentHashMap<>();
      @SuppressWarnings("unchecked") // The field's type.
      ConcurrentHashMap<ActorLocal<?>, Object> witness =
          (ConcurrentHashMap<ActorLocal<?>, Object>) VALUES.compareAndExchange(this, null, made);
      v = witness == null ? made : witness;
    }
    return v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ActorLocal<T> key) {
    checkNotNull(key, "key");
    return (T) values().computeIfAbsent(key, k -> k.initialValue());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> peek(ActorLocal<T> key) {
    checkNotNull(key, "key");
    ConcurrentHashMap<ActorLocal<?>, Object> v = values;
    return v == null ? Optional.empty() : Optional.ofNullable((T) v.get(key));
  }

  @Override
  public <T> void set(ActorLocal<T> key, T value) {
    values().put(checkNotNull(key, "key"), checkNotNull(value, "value"));
  }

  @Override
  public void remove(ActorLocal<?> key) {
    checkNotNull(key, "key");
    ConcurrentHashMap<ActorLocal<?>, Object> v = values;
    if (v != null) {
      v.remove(key);
    }
  }

  void clear() {
    ConcurrentHashMap<ActorLocal<?>, Object> v = values;
    if (v != null) {
      v.clear();
    }
  }
}
