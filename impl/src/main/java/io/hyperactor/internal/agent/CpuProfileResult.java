package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/** The outcome of a {@link CpuProfile}. */
public sealed interface CpuProfileResult
    permits CpuProfileResult.Ok, CpuProfileResult.Rejected, CpuProfileResult.Failed {

  /**
   * A recording was made; it travels in the reply, so the caller may be on another machine.
   *
   * <p>The array is the reply's own: neither side changes it after the reply is made (equality
   * is the array's identity, as for any record with an array).
   *
   * @param pid the profiled process
   * @param recording the JFR recording's bytes
   * @param duration how long was recorded
   */
  record Ok(long pid, byte[] recording, Duration duration) implements CpuProfileResult {
    public Ok {
      checkNotNull(recording, "recording");
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
   * Recording failed, or the recording is too large for a reply.
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
