package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A spawnable actor type: its key and the factory that makes the actor from its parameters. This
 * is what an application contributes (to an actor system's builder, or through Guice) so that any
 * JVM may ask its procs to spawn the type.
 *
 * <pre>{@code
 * HyperactorBinders.spawnables(binder()).addBinding()
 *     .toInstance(Spawnable.of(Worker.KEY, params -> new Worker(params)));
 * }</pre>
 *
 * @param key the registered name, protocol and parameter type
 * @param factory makes the actor from its decoded parameters ({@code null} for {@code Void})
 * @param <M> the actor's message type
 * @param <P> the parameters' type
 */
public record Spawnable<M, P>(
    SpawnKey<M, P> key, Function<? super P, ? extends Actor<M>> factory) {

  /** Checks for nulls. */
  public Spawnable {
    checkNotNull(key, "key");
    checkNotNull(factory, "factory");
  }

  /** The type {@code key}, made by {@code factory}. */
  public static <M, P> Spawnable<M, P> of(
      SpawnKey<M, P> key, Function<? super P, ? extends Actor<M>> factory) {
    return new Spawnable<>(key, factory);
  }

  /** The parameterless type {@code key}, made by {@code factory}. */
  public static <M> Spawnable<M, Void> of(SpawnKey<M, Void> key, Supplier<? extends Actor<M>> factory) {
    checkNotNull(factory, "factory");
    return new Spawnable<>(key, (Void unused) -> factory.get());
  }
}
