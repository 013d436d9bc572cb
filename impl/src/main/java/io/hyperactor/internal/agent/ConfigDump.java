package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.OncePortRef;

/**
 * Asks the proc agent for its process's resolved configuration.
 *
 * @param result where the dump goes
 */
public record ConfigDump(OncePortRef<ConfigDumpResult> result) {
  public ConfigDump {
    checkNotNull(result, "result");
  }
}
