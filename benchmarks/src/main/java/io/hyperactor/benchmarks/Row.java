package io.hyperactor.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One line of the results table: our figure, Pekko's, and the physical ceiling where one applies.
 *
 * @param higherIsBetter true for rates, false for latencies and costs; decides how the ratio reads
 */
record Row(
    String scenario,
    String unit,
    @Nullable Double ours,
    @Nullable Double pekko,
    @Nullable Double ceiling,
    boolean higherIsBetter) {

  /** ours / pekko: for a rate, above 1.0 means we are ahead; for a latency, below 1.0 does. */
  @Nullable Double ratio() {
    return ours == null || pekko == null || pekko == 0 ? null : ours / pekko;
  }
}
