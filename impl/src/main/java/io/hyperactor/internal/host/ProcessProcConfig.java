package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * Per-proc settings of a {@link ProcessProcManager} spawn.
 *
 * @param rank the proc's rank, used to prefix its forwarded output
 * @param extraJvmArgs JVM flags for this child only, after the manager's
 */
public record ProcessProcConfig(int rank, ImmutableList<String> extraJvmArgs) {
  /** Rank 0, no extra flags. */
  public static final ProcessProcConfig DEFAULT = new ProcessProcConfig(0, ImmutableList.of());

  public ProcessProcConfig {
    checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
    checkNotNull(extraJvmArgs, "extraJvmArgs");
  }

  /** Rank {@code rank}, no extra flags. */
  public static ProcessProcConfig ofRank(int rank) {
    return new ProcessProcConfig(rank, ImmutableList.of());
  }
}
