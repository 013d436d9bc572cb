package io.hyperactor.inject;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.hyperactor.Spawnable;

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

  /** The proc-manager choice modules install exactly one binding here. */
  static MapBinder<String, ProcManagerChoice> managerChoices(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, ProcManagerChoice.class);
  }

  /** The transport choice modules install exactly one binding here. */
  static MapBinder<String, TransportChoice> transportChoices(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, TransportChoice.class);
  }
}
