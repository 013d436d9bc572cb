package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableMap;
import org.slf4j.LoggerFactory;

/**
 * Where a proc agent records its gauges ({@code process.memory.rss_bytes}, {@code
 * process.memory.vm_bytes}), labelled with {@code proc_id} and {@code pid}.
 *
 * <p>Called on the agent's thread; implementations must not block.
 */
@FunctionalInterface
public interface GaugeRecorder {

  /** Logs each gauge at debug level. */
  GaugeRecorder LOGGING =
      (name, value, labels) ->
          LoggerFactory.getLogger(GaugeRecorder.class)
              .debug("gauge {} = {} {}", name, value, labels);

  /** Records {@code value} for gauge {@code name}. */
  void record(String name, long value, ImmutableMap<String, String> labels);
}
