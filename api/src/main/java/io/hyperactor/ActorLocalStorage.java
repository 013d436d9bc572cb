package io.hyperactor;

import java.util.Optional;

/** The values of {@link ActorLocal} keys held by one instance; cleared when it terminates. */
public interface ActorLocalStorage {

  /** The value of {@code key}, created from its initial value on first use. */
  <T> T get(ActorLocal<T> key);

  /** The value of {@code key}, if set. */
  <T> Optional<T> peek(ActorLocal<T> key);

  /** Sets the value of {@code key}. */
  <T> void set(ActorLocal<T> key, T value);

  /** Removes the value of {@code key}. */
  void remove(ActorLocal<?> key);
}
