package io.hyperactor.inject;

import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.hyperactor.internal.agent.SpawnableFactory;

/**
 * The multibinders through which application modules contribute to the runtime.
 *
 * <pre>{@code
 * final class WorkerModule extends AbstractModule {
 *   @Override
 *   protected void configure() {
 *     HyperactorBinders.spawnables(binder()).addBinding("demo.worker").toInstance(p -> new Worker());
 *     HyperactorBinders.codecs(binder()).addBinding()
 *         .toInstance(codecs -> codecs.sealed("demo.WorkerMsg", WorkerMsg.class));
 *   }
 * }
 * }</pre>
 */
public final class HyperactorBinders {
  private HyperactorBinders() {}

  /**
   * Spawnable actor types by stable type name: the only actors a proc agent creates from a
   * resource message.
   */
  public static MapBinder<String, SpawnableFactory> spawnables(Binder binder) {
    return MapBinder.newMapBinder(binder, String.class, SpawnableFactory.class);
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
