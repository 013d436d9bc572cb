package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.config.HumanDuration;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The bounds of a CPU profile's duration: at least {@link #MIN_DURATION}, at most {@code
 * mesh_admin_pyspy_max_profile_duration}. The proc agent checks them with its own configuration;
 * a caller checks them first with its own, to refuse bad input before asking.
 */
public final class ProfileDurations {
  /** The shortest profile: shorter recordings hold too few samples to say anything. */
  public static final Duration MIN_DURATION = Duration.ofSeconds(1);

  private ProfileDurations() {}

  /** Why {@code duration} is not acceptable when profiles may last {@code max}; null if it is. */
  public static @Nullable String problem(Duration duration, Duration max) {
    checkNotNull(duration, "duration");
    checkNotNull(max, "max");
    if (duration.compareTo(MIN_DURATION) < 0) {
      return "profile duration "
          + HumanDuration.format(duration)
          + " is too short: it must be at least "
          + HumanDuration.format(MIN_DURATION);
    }
    if (duration.compareTo(max) > 0) {
      return "profile duration "
          + HumanDuration.format(duration)
          + " exceeds mesh_admin_pyspy_max_profile_duration ("
          + HumanDuration.format(max)
          + ")";
    }
    return null;
  }
}
