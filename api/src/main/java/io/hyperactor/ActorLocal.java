package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.function.Supplier;

/**
 * A key for a value stored per actor instance, like a thread-local scoped to an actor.
 *
 * <pre>{@code
 * static final ActorLocal<Counter> SEEN = ActorLocal.withInitial(Counter::new);
 * ... SEEN.get(cx).increment();
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ActorLocal<T> {
  private final Supplier<? extends T> initial;

  private ActorLocal(Supplier<? extends T> initial) {
    this.initial = initial;
  }

  /** A key whose value starts as {@code initial.get()} in each instance. */
  public static <T> ActorLocal<T> withInitial(Supplier<? extends T> initial) {
    return new ActorLocal<>(checkNotNull(initial, "initial"));
  }

  /** The value in {@code instance}, created on first use. */
  public T get(Instance<?> instance) {
    return instance.locals().get(this);
  }

  /** A fresh initial value. */
  public T initialValue() {
    return checkNotNull(initial.get(), "ActorLocal initial value must not be null");
  }
}
