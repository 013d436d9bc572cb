package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * Per-proc settings of a proc started as a child JVM by a process host.
 *
 * @param rank the proc's rank, used to prefix its forwarded output
 * @param extraJvmArgs JVM flags for this child only, after the manager's
 * @param clientConfig the configuration of the client the proc is created for, by config name;
 *     the child installs it as its client-override layer, below everything it inherits
 */
public record ProcessProcConfig(
    int rank, List<String> extraJvmArgs, Map<String, String> clientConfig) {
  /** Rank 0, no extra flags. */
  public static final ProcessProcConfig DEFAULT = new ProcessProcConfig(0, List.of());

  /** Checks the rank and copies the flags and the configuration. */
  public ProcessProcConfig {
    checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
    extraJvmArgs = List.copyOf(extraJvmArgs);
    clientConfig = Map.copyOf(clientConfig);
  }

  /** Rank {@code rank} with {@code extraJvmArgs} and no client configuration. */
  public ProcessProcConfig(int rank, List<String> extraJvmArgs) {
    this(rank, extraJvmArgs, Map.of());
  }

  /** Rank {@code rank}, no extra flags. */
  public static ProcessProcConfig ofRank(int rank) {
    return new ProcessProcConfig(rank, List.of());
  }
}
