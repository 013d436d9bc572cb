package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.inject.AbstractModule;
import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.hyperactor.Spawnable;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's core bindings: the configuration, the {@link ActorSystem} (with the built-in
 * message types, every {@link CodecContribution} and every {@link HyperactorBinders#spawnables}
 * binding), the {@link HyperactorRuntime} service, which owns the system and closes it, and the
 * running runtime's {@link HostMesh}. The system exports telemetry through the {@link
 * HyperactorBinders#openTelemetry} binding when there is one.
 *
 * <p>Exactly one proc-manager module ({@link LocalProcManagerModule} or {@link
 * ProcessProcManagerModule}) and one transport module ({@link LocalTransportModule} or {@link
 * GrpcTransportModule}) must be installed next to it; anything else fails at injector creation
 * with a message naming the modules to install. {@link HyperactorModules#fromConfig} picks both
 * from the configuration.
 */
public final class HyperactorCoreModule extends AbstractModule {
  private final HyperactorConfig config;
  private final IntConsumer exitHook;

  /** Core bindings over {@code config}; an unhandled actor failure ends the process. */
  public HyperactorCoreModule(HyperactorConfig config) {
    this(config, ActorSystem.Builder.SYSTEM_EXIT);
  }

  /**
   * Core bindings over {@code config}, calling {@code exitHook} where an unhandled actor failure
   * would end the process (tests record it instead; see {@link ActorSystem.Builder#exitHook}).
   */
  public HyperactorCoreModule(HyperactorConfig config, IntConsumer exitHook) {
    this.config = checkNotNull(config, "config");
    this.exitHook = checkNotNull(exitHook, "exitHook");
  }

  @Override
  protected void configure() {
    // Declared here so that an application contributing nothing still gets empty collections.
    HyperactorBinders.spawnables(binder());
    HyperactorBinders.codecs(binder());
    HyperactorBinders.openTelemetry(binder());
    HyperactorBinders.managerChoices(binder());
    HyperactorBinders.transportChoices(binder());
    OptionalBinder.newOptionalBinder(binder(), MeshAdminModule.Enabled.class);
    install(new Services(config, exitHook));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HyperactorCoreModule other && other.config == config;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(config);
  }

  /** Builds the services privately and publishes only what applications use. */
  private static final class Services extends PrivateModule {
    private final HyperactorConfig config;
    private final IntConsumer exitHook;

    Services(HyperactorConfig config, IntConsumer exitHook) {
      this.config = config;
      this.exitHook = exitHook;
    }

    @Override
    protected void configure() {
      bind(HyperactorConfig.class).toInstance(config);
      // Eager, so that a miswired injector fails when it is created, not on first use. Building
      // the runtime builds the registries too; it starts nothing until start().
      bind(Wiring.class).toProvider(WiringProvider.class).asEagerSingleton();
      bind(HyperactorRuntime.class).asEagerSingleton();
      expose(HyperactorConfig.class);
      expose(ActorSystem.class);
      expose(HyperactorRuntime.class);
      expose(HostMesh.class);
    }

    /**
     * The running runtime's host mesh ({@link HyperactorRuntime#hostMesh()}): the wiring chosen by
     * {@code proc_manager} and {@code default_transport} decides what its procs are.
     *
     * @throws IllegalStateException (wrapped by Guice) when the runtime has not been started
     */
    @Provides
    HostMesh hostMesh(HyperactorRuntime runtime) {
      return runtime.hostMesh();
    }

    /**
     * The application's actor system. Building it starts no thread; the runtime service owns it
     * and closes it.
     */
    @Provides
    @Singleton
    ActorSystem system(
        HyperactorConfig config,
        Set<CodecContribution> codecs,
        Set<Spawnable<?, ?>> spawnables,
        Optional<OpenTelemetry> openTelemetry) {
      ActorSystem.Builder builder = ActorSystem.builder().config(config).exitHook(exitHook);
      openTelemetry.ifPresent(builder::openTelemetry);
      for (CodecContribution contribution : codecs) {
        builder.codecs(contribution::register);
      }
      for (Spawnable<?, ?> spawnable : spawnables) {
        builder.spawnable(spawnable);
      }
      return builder.build();
    }
  }
}
