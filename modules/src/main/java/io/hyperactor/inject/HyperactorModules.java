package io.hyperactor.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.inject.Module;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import java.util.Arrays;
import java.util.List;

/**
 * The module set that the configuration selects.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     HyperactorModules.fromConfig(HyperactorConfig.global(), new AppModule()));
 * }</pre>
 */
public final class HyperactorModules {
  private HyperactorModules() {}

  /**
   * The core module, the proc manager chosen by {@code hyperactor.proc_manager}, the transport
   * chosen by {@code hyperactor.default_transport}, and {@code appModules}, as an immutable list.
   * With the process-forking manager, every child proc installs the application modules too (see
   * {@link ProcessProcManagerModule#withChildModules}).
   */
  public static List<Module> fromConfig(HyperactorConfig config, Module... appModules) {
    return fromConfig(config, Arrays.asList(appModules));
  }

  /** As {@link #fromConfig(HyperactorConfig, Module...)}. */
  public static List<Module> fromConfig(
      HyperactorConfig config, List<? extends Module> appModules) {
    checkNotNull(config, "config");
    ImmutableList.Builder<Module> modules = ImmutableList.builder();
    modules.add(new HyperactorCoreModule(config));
    modules.add(managerModule(config.get(HyperactorAttrs.PROC_MANAGER), appModules));
    modules.add(transportModule(config.get(HyperactorAttrs.DEFAULT_TRANSPORT)));
    modules.addAll(appModules);
    return modules.build();
  }

  /** The module of {@code kind}; a process manager installs {@code appModules} in children. */
  public static Module managerModule(ProcManagerKind kind, List<? extends Module> appModules) {
    return switch (kind) {
      case LOCAL -> new LocalProcManagerModule();
      case PROCESS ->
          new ProcessProcManagerModule()
              .withChildModules(
                  appModules.stream().<Class<? extends Module>>map(Module::getClass).toList());
    };
  }

  /** The module of {@code transport}. */
  public static Module transportModule(ChannelTransport transport) {
    return switch (transport) {
      case LOCAL -> new LocalTransportModule();
      case TCP, UNIX, TLS -> GrpcTransportModule.of(transport);
    };
  }
}
