package io.hyperactor.benchmarks.savina;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.benchmarks.hyperactor.HyperactorSavina;
import io.hyperactor.benchmarks.pekko.PekkoSavina;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every Savina benchmark runs to completion on both runtimes at a very small size, and passes the
 * check of its own result (a wrong result throws, failing the test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavinaBenchmarksTest {
  private HyperactorSavina ours;
  private PekkoSavina pekko;

  @BeforeAll
  void start() {
    ours = new HyperactorSavina();
    pekko = new PekkoSavina();
  }

  @AfterAll
  void stop() throws Exception {
    ours.close();
    pekko.close();
  }

  @Test
  void pingPongRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.pingPong(500)).isGreaterThan(0.0);
    assertThat(pekko.pingPong(500)).isGreaterThan(0.0);
  }

  @Test
  void countRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.count(5_000)).isGreaterThan(0.0);
    assertThat(pekko.count(5_000)).isGreaterThan(0.0);
  }

  @Test
  void fjThroughputRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.fjThroughput(6, 300)).isGreaterThan(0.0);
    assertThat(pekko.fjThroughput(6, 300)).isGreaterThan(0.0);
  }

  @Test
  void fjCreateRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.fjCreate(500)).isGreaterThan(0.0);
    assertThat(pekko.fjCreate(500)).isGreaterThan(0.0);
  }

  @Test
  void threadRingRunsAndChecksOnBothRuntimes() throws Exception {
    // 1,003 hops around 10 members: the token stops at member 3, not where it started.
    assertThat(ours.threadRing(10, 1_003)).isGreaterThan(0.0);
    assertThat(pekko.threadRing(10, 1_003)).isGreaterThan(0.0);
  }

  @Test
  void chameneosRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.chameneos(10, 1_000)).isGreaterThan(0.0);
    assertThat(pekko.chameneos(10, 1_000)).isGreaterThan(0.0);
  }

  @Test
  void bigRunsAndChecksOnBothRuntimes() throws Exception {
    assertThat(ours.big(8, 200)).isGreaterThan(0.0);
    assertThat(pekko.big(8, 200)).isGreaterThan(0.0);
  }

  @Test
  void trapezoidRunsAndChecksOnBothRuntimes() throws Exception {
    double reference = Savina.trapezoidReference(10_000);
    assertThat(ours.trapezoid(10_000, 7, reference)).isGreaterThan(0.0);
    assertThat(pekko.trapezoid(10_000, 7, reference)).isGreaterThan(0.0);
  }

  @Test
  void aWrongResultThrowsInsteadOfGivingATimeOnBothRuntimes() throws Exception {
    double wrongReference = Savina.trapezoidReference(1_000) + 1e-3;
    IllegalStateException oursWrong =
        assertThrows(IllegalStateException.class, () -> ours.trapezoid(1_000, 4, wrongReference));
    assertThat(oursWrong).hasMessageThat().contains("differs from the sequential reference");
    IllegalStateException pekkoWrong =
        assertThrows(IllegalStateException.class, () -> pekko.trapezoid(1_000, 4, wrongReference));
    assertThat(pekkoWrong).hasMessageThat().contains("differs from the sequential reference");
    // The failed run cleaned up after itself: the next one runs.
    assertThat(ours.trapezoid(1_000, 4, Savina.trapezoidReference(1_000))).isGreaterThan(0.0);
    assertThat(pekko.trapezoid(1_000, 4, Savina.trapezoidReference(1_000))).isGreaterThan(0.0);
  }

  @Test
  void bothRuntimesRunTheSameBenchmarkRepeatedly() throws Exception {
    // bin/bench runs each benchmark ten times on one instance: names and state must not clash.
    for (int i = 0; i < 3; i++) {
      assertThat(ours.chameneos(4, 100)).isGreaterThan(0.0);
      assertThat(pekko.chameneos(4, 100)).isGreaterThan(0.0);
    }
  }
}
