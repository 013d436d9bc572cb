package io.hyperactor.inject;

import com.google.inject.AbstractModule;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.Host;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.LocalProcManager;
import io.hyperactor.internal.mailbox.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Selects the in-process proc manager: every proc runs in the host's JVM. For tests, embedded use
 * and single-process applications; works with every transport.
 */
public final class LocalProcManagerModule extends AbstractModule {
  static final String NAME = "LocalProcManagerModule";

  @Override
  protected void configure() {
    HyperactorBinders.managerChoices(binder()).addBinding(NAME).toInstance(new Choice());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LocalProcManagerModule;
  }

  @Override
  public int hashCode() {
    return LocalProcManagerModule.class.hashCode();
  }

  private static final class Choice implements ProcManagerChoice {
    @Override
    public String moduleName() {
      return NAME;
    }

    @Override
    public ProcManagerKind kind() {
      return ProcManagerKind.LOCAL;
    }

    @Override
    public RuntimeHost<?> open(
        HyperactorConfig config,
        CodecRegistry codecs,
        SpawnableRegistry spawnables,
        ChannelTransport transport) {
      LocalProcManager<Object> manager =
          new LocalProcManager<>(
              proc -> ProcAgents.bootLocal(proc, spawnables, config),
              codecs,
              config,
              Procs.SYSTEM_EXIT);
      Host<Object, @Nullable Void> host =
          Hosts.create(manager, ChannelAddr.any(transport), codecs, config, Procs.SYSTEM_EXIT);
      return new RuntimeHost<@Nullable Void>(host, rank -> null);
    }
  }
}
