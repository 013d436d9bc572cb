package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.time.Duration;

/** The outcome of a {@link CpuProfile}. */
public sealed interface CpuProfileResult
    permits CpuProfileResult.Ok, CpuProfileResult.Rejected, CpuProfileResult.Failed {

  /**
   * A recording was written.
   *
   * @param pid the profiled process
   * @param file the JFR file, a temporary file the caller owns and should delete
   * @param sizeBytes the file's size
   * @param duration how long was recorded
   */
  record Ok(long pid, Path file, long sizeBytes, Duration duration) implements CpuProfileResult {
    public Ok {
      checkNotNull(file, "file");
      checkNotNull(duration, "duration");
    }
  }

  /**
   * The request was invalid; nothing was recorded.
   *
   * @param reason what is wrong with the request
   */
  record Rejected(String reason) implements CpuProfileResult {
    public Rejected {
      checkNotNull(reason, "reason");
    }
  }

  /**
   * Recording failed.
   *
   * @param pid the process
   * @param reason what went wrong
   */
  record Failed(long pid, String reason) implements CpuProfileResult {
    public Failed {
      checkNotNull(reason, "reason");
    }
  }
}
