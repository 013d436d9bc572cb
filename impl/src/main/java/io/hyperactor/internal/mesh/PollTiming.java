package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The timing rules of a mesh controller's poll loop: keepalive expiries and stall detection. */
final class PollTiming {
  private PollTiming() {}

  /**
   * The keepalive expiry a poll at {@code now} sends the agents: {@code now + orphanTimeout}, or
   * none when orphan reaping is disabled (then the poll sends a plain state query).
   */
  static Optional<Instant> computeKeepalive(Instant now, Optional<Duration> orphanTimeout) {
    checkNotNull(now, "now");
    checkNotNull(orphanTimeout, "orphanTimeout");
    return orphanTimeout.map(now::plus);
  }

  /**
   * Whether a poll tick expected at {@code expected} and running at {@code now} is stalled: it runs
   * more than one full {@code pollFrequency} late.
   */
  static boolean isStalled(Instant expected, Instant now, Duration pollFrequency) {
    return now.isAfter(expected.plus(pollFrequency));
  }
}
