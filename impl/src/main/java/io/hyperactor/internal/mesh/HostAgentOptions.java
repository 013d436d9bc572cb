package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.host.LocalAgentFactory;
import io.hyperactor.resource.ProcSpec;

/**
 * What a host agent is built with besides its host.
 *
 * @param config the configuration the agent reads and whose client-override layer {@code
 *     SetClientConfig} replaces
 * @param spawnConfig the manager's spawn configuration of a proc from its rank and spec
 * @param localAgent boots the proc agent of the host's local proc, on first {@code GetLocalProc}
 * @param onShutdown runs once after {@code ShutdownHost} was acknowledged, off the agent's thread
 * @param <C> the proc manager's spawn configuration type
 */
public record HostAgentOptions<C>(
    HyperactorConfig config,
    SpawnConfigFactory<C> spawnConfig,
    LocalAgentFactory<Object> localAgent,
    Runnable onShutdown) {
  public HostAgentOptions {
    checkNotNull(config, "config");
    checkNotNull(spawnConfig, "spawnConfig");
    checkNotNull(localAgent, "localAgent");
    checkNotNull(onShutdown, "onShutdown");
  }

  /** Makes the proc manager's spawn configuration of one proc. */
  @FunctionalInterface
  public interface SpawnConfigFactory<C> {
    /** The configuration of the proc created with {@code rank} from {@code spec}. */
    C create(long rank, ProcSpec spec);
  }
}
