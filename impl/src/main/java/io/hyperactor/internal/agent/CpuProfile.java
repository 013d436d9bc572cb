package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.OncePortRef;
import java.time.Duration;

/**
 * Asks the proc agent for a CPU profile of its process, recorded with JDK Flight Recorder for
 * {@code duration}.
 *
 * <p>The duration must be at least one second and at most {@code
 * mesh_admin_pyspy_max_profile_duration}; other requests are rejected with a message saying so. The
 * recording runs off the agent's loop, and comes back as bytes in the reply; a recording larger
 * than a network frame may carry ({@code codec_max_frame_length}, less room for the envelope) is
 * refused with a message naming its size and the limit.
 *
 * @param duration how long to record
 * @param result where the outcome goes
 */
public record CpuProfile(Duration duration, OncePortRef<CpuProfileResult> result) {
  public CpuProfile {
    checkNotNull(duration, "duration");
    checkNotNull(result, "result");
  }
}
