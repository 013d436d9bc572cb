package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a check over a fixed number of pseudo-random cases drawn from a fixed seed: the
 * property tests of upstream {@code ndslice} as plain JUnit loops.
 *
 * <p>The seed makes every run draw the same cases, so a failure reproduces by running the test
 * again. Each case is drawn from its own {@link SplittableRandom}, seeded from the test's seed; a
 * failing case is reported with its number, its case seed and its input, and {@code
 * generator.apply(new SplittableRandom(caseSeed))} draws that input alone.
 *
 * <pre>{@code
 * SeededCases.forAll(1, 200, random -> Generators.region(random, 1, 4, 8),
 *     region -> assertThat(Region.parse(region.toString())).isEqualTo(region));
 * }</pre>
 */
public final class SeededCases {
  private SeededCases() {}

  /**
   * Draws {@code cases} inputs from {@code generator} and runs {@code check} on each; the first
   * failure is rethrown as an {@link AssertionError} naming the case and its input.
   */
  public static <T> void forAll(
      long seed, int cases, Function<SplittableRandom, T> generator, Consumer<? super T> check) {
    checkArgument(cases > 0, "cases must be positive, got %s", cases);
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < cases; i++) {
      long caseSeed = seeds.nextLong();
      T input;
      try {
        input = generator.apply(new SplittableRandom(caseSeed));
      } catch (RuntimeException e) {
        throw new AssertionError(
            describe(seed, i, cases, caseSeed) + " could not be generated: " + e, e);
      }
      try {
        check.accept(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            describe(seed, i, cases, caseSeed) + " failed for input " + input + "\n" + e, e);
      }
    }
  }

  private static String describe(long seed, int index, int cases, long caseSeed) {
    return "case " + (index + 1) + " of " + cases + " (seed " + seed + ", case seed " + caseSeed
        + ")";
  }
}
