package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorLocal;
import io.hyperactor.ActorLocalStorage;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ActorLocal} values of one instance; thread-safe. */
final class LocalStorage implements ActorLocalStorage {
  private final ConcurrentHashMap<ActorLocal<?>, Object> values = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(ActorLocal<T> key) {
    checkNotNull(key, "key");
    return (T) values.computeIfAbsent(key, k -> k.initialValue());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> peek(ActorLocal<T> key) {
    return Optional.ofNullable((T) values.get(checkNotNull(key, "key")));
  }

  @Override
  public <T> void set(ActorLocal<T> key, T value) {
    values.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
  }

  @Override
  public void remove(ActorLocal<?> key) {
    values.remove(checkNotNull(key, "key"));
  }

  void clear() {
    values.clear();
  }
}
