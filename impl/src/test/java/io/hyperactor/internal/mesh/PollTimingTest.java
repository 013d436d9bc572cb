package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollTimingTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void computeKeepaliveIsNowPlusTheOrphanTimeout() {
    assertThat(PollTiming.computeKeepalive(NOW, Optional.of(Duration.ofSeconds(60))))
        .hasValue(NOW.plusSeconds(60));
  }

  @Test
  void computeKeepaliveIsEmptyWhenOrphanReapingIsDisabled() {
    assertThat(PollTiming.computeKeepalive(NOW, Optional.empty())).isEmpty();
  }

  @Test
  void checkStallCountsOnlyTicksMoreThanOnePeriodLate() {
    Duration period = Duration.ofSeconds(10);
    assertThat(PollTiming.isStalled(NOW, NOW, period)).isFalse();
    assertThat(PollTiming.isStalled(NOW, NOW.plusSeconds(10), period)).isFalse();
    assertThat(PollTiming.isStalled(NOW, NOW.plusSeconds(10).plusMillis(1), period)).isTrue();
  }
}
