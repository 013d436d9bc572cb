package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Per-proc settings of a proc started as a child JVM by a process host.
 *
 * @param rank the proc's rank, used to prefix its forwarded output
 * @param extraJvmArgs JVM flags for this child only, after the manager's
 */
public record ProcessProcConfig(int rank, List<String> extraJvmArgs) {
  /** Rank 0, no extra flags. */
  public static final ProcessProcConfig DEFAULT = new ProcessProcConfig(0, List.of());

  /** Checks the rank and copies the flags. */
  public ProcessProcConfig {
    checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
    extraJvmArgs = List.copyOf(extraJvmArgs);
  }

  /** Rank {@code rank}, no extra flags. */
  public static ProcessProcConfig ofRank(int rank) {
    return new ProcessProcConfig(rank, List.of());
  }
}
