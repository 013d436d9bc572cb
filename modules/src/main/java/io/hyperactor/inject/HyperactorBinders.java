package io.hyperactor.inject;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.hyperactor.Spawnable;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The multibinders through which application modules contribute to the runtime.
 *
 * <pre>{@code
 * final class WorkerModule extends AbstractModule {
 *   @Override
 *   protected void configure() {
 *     HyperactorBinders.spawnables(binder()).addBinding()
 *         .toInstance(Spawnable.of(Worker.KEY, Worker::new));
 *     HyperactorBinders.codecs(binder()).addBinding()
 *         .toInstance(codecs -> codecs.sealed("demo.WorkerMsg", WorkerMsg.class));
 *     HyperactorBinders.openTelemetry(binder()).setBinding().toInstance(openTelemetrySdk);
 *   }
 * }
 * }</pre>
 */
public final class HyperactorBinders {
  private HyperactorBinders() {}

  /**
   * Spawnable actor types: the only actors a proc creates for a caller in another JVM. Each type
   * name may be bound once.
   */
  public static Multibinder<Spawnable<?, ?>> spawnables(Binder binder) {
    return Multibinder.newSetBinder(binder, new TypeLiteral<Spawnable<?, ?>>() {});
  }

  /** Message types the runtime's channels may encode and decode. */
  public static Multibinder<CodecContribution> codecs(Binder binder) {
    return Multibinder.newSetBinder(binder, CodecContribution.class);
  }

  /**
   * The OpenTelemetry instance the runtime exports metrics to and propagates trace context with
   * ({@link io.hyperactor.runtime.ActorSystem.Builder#openTelemetry}); unbound, the runtime uses
   * {@link OpenTelemetry#noop()}. A plain {@code bind(OpenTelemetry.class)} in any module binds it
   * too.
   */
  public static OptionalBinder<OpenTelemetry> openTelemetry(Binder binder) {
    return OptionalBinder.newOptionalBinder(binder, OpenTelemetry.class);
  }

  /** The proc-manager choice modules install exactly one binding here. */
  static MapBinder<String, ProcManagerChoice> managerChoices(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, ProcManagerChoice.class);
  }

  /** The transport choice modules install exactly one binding here. */
  static MapBinder<String, TransportChoice> transportChoices(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, TransportChoice.class);
  }
}
