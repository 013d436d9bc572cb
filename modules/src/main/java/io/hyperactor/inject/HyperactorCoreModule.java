package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.inject.AbstractModule;
import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.agent.SpawnableFactory;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's core bindings: the configuration, the codec registry (built-in types, the
 * runtime's own messages and every {@link CodecContribution}), the spawnable registry (every
 * {@link HyperactorBinders#spawnables} binding) and the {@link HyperactorRuntime} service.
 *
 * <p>Exactly one proc-manager module ({@link LocalProcManagerModule} or {@link
 * ProcessProcManagerModule}) and one transport module ({@link LocalTransportModule} or {@link
 * GrpcTransportModule}) must be installed next to it; anything else fails at injector creation
 * with a message naming the modules to install. {@link HyperactorModules#fromConfig} picks both
 * from the configuration.
 */
public final class HyperactorCoreModule extends AbstractModule {
  private final HyperactorConfig config;

  /** Core bindings over {@code config}. */
  public HyperactorCoreModule(HyperactorConfig config) {
    this.config = checkNotNull(config, "config");
  }

  @Override
  protected void configure() {
    // Declared here so that an application contributing nothing still gets empty collections.
    HyperactorBinders.spawnables(binder());
    HyperactorBinders.codecs(binder());
    HyperactorBinders.managerChoices(binder());
    HyperactorBinders.transportChoices(binder());
    install(new Services(config));
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

    Services(HyperactorConfig config) {
      this.config = config;
    }

    @Override
    protected void configure() {
      bind(HyperactorConfig.class).toInstance(config);
      // Eager, so that a miswired injector fails when it is created, not on first use. Building
      // the runtime builds the registries too; it starts nothing until start().
      bind(Wiring.class).toProvider(WiringProvider.class).asEagerSingleton();
      bind(HyperactorRuntime.class).asEagerSingleton();
      expose(HyperactorConfig.class);
      expose(CodecRegistry.class);
      expose(SpawnableRegistry.class);
      expose(HyperactorRuntime.class);
    }

    @Provides
    @Singleton
    CodecRegistry codecs(Set<CodecContribution> contributions) {
      CodecRegistry.Builder builder = CodecRegistry.builder();
      GatewayMessages.register(builder);
      for (CodecContribution contribution : contributions) {
        contribution.register(builder);
      }
      return builder.build();
    }

    @Provides
    @Singleton
    SpawnableRegistry spawnables(Map<String, SpawnableFactory> factories) {
      SpawnableRegistry registry = new SpawnableRegistry();
      factories.forEach(registry::register);
      return registry;
    }
  }
}
