package io.hyperactor.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One line of the results table: our figure, Pekko's, and the physical ceiling where one applies.
 *
 * @param higherIsBetter true for rates, false for latencies and costs; decides how the ratio reads
 * @param speedup true for a time per run whose ratio reads as a speed-up: pekko / ours, so that
 *     above 1.0 means we are faster (the Savina rows)
 */
record Row(
    String scenario,
    String unit,
    @Nullable Double ours,
    @Nullable Double pekko,
    @Nullable Double ceiling,
    boolean higherIsBetter,
    boolean speedup) {

  Row(String scenario, String unit, @Nullable Double ours, @Nullable Double pekko,
      @Nullable Double ceiling, boolean higherIsBetter) {
    this(scenario, unit, ours, pekko, ceiling, higherIsBetter, false);
  }

  /** A time per run (ms, lower is better) whose ratio is Pekko's time over ours. */
  static Row time(String scenario, double oursMillis, double pekkoMillis) {
    return new Row(scenario, "ms", oursMillis, pekkoMillis, null, false, true);
  }

  /**
   * ours / pekko: for a rate, above 1.0 means we are ahead; for a latency, below 1.0 does. For a
   * speed-up row, pekko / ours: above 1.0 means we are ahead.
   */
  @Nullable Double ratio() {
    if (ours == null || pekko == null) {
      return null;
    }
    if (speedup) {
      return ours == 0 ? null : pekko / ours;
    }
    return pekko == 0 ? null : ours / pekko;
  }

  /** Whether the ratio says we are ahead (level counts as ahead). */
  boolean ahead(double ratio) {
    return speedup || higherIsBetter ? ratio >= 1.0 : ratio <= 1.0;
  }
}
