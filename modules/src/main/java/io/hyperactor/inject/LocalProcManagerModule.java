package io.hyperactor.inject;

import com.google.inject.AbstractModule;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.Host;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import java.util.concurrent.CompletableFuture;
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
    public RuntimeHost<?> open(ActorSystem system, ChannelTransport transport) {
      Host<Object, @Nullable Void> host = system.localHost(ChannelAddr.any(transport));
      return new RuntimeHost<@Nullable Void>(host, rank -> null);
    }

    @Override
    public CompletableFuture<HostMesh> spawnHostMesh(ActorSystem system, int hosts) {
      return CompletableFuture.completedFuture(HostMeshes.local(system, hosts));
    }
  }
}
