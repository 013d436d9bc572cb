package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.config.HyperactorConfig;

/**
 * What a proc agent is built with besides its proc.
 *
 * @param config the settings read at boot ({@code mesh_orphan_timeout}, {@code
 *     process_memory_metric_interval}, ...) and served by {@code ConfigDump}
 * @param registry the actor types {@code CreateOrUpdate} may spawn
 * @param exitHook how {@code StopAll} ends the process
 * @param gauges where memory gauges go
 */
public record ProcAgentOptions(
    HyperactorConfig config,
    SpawnableRegistry registry,
    ProcExitHook exitHook,
    GaugeRecorder gauges) {
  public ProcAgentOptions {
    checkNotNull(config, "config");
    checkNotNull(registry, "registry");
    checkNotNull(exitHook, "exitHook");
    checkNotNull(gauges, "gauges");
  }

  /** {@code config} and {@code registry}, {@link System#exit} and logged gauges. */
  public static ProcAgentOptions defaults(HyperactorConfig config, SpawnableRegistry registry) {
    return new ProcAgentOptions(config, registry, ProcExitHook.SYSTEM_EXIT, GaugeRecorder.LOGGING);
  }

  /** These options with {@code hook} as the exit hook. */
  public ProcAgentOptions withExitHook(ProcExitHook hook) {
    return new ProcAgentOptions(config, registry, hook, gauges);
  }

  /** These options with {@code recorder} as the gauge recorder. */
  public ProcAgentOptions withGauges(GaugeRecorder recorder) {
    return new ProcAgentOptions(config, registry, exitHook, recorder);
  }

  /** These options with {@code newConfig}. */
  public ProcAgentOptions withConfig(HyperactorConfig newConfig) {
    return new ProcAgentOptions(newConfig, registry, exitHook, gauges);
  }
}
