package io.hyperactor.mesh;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for property tests, after upstream {@code ndslice/src/strategy.rs}: extents and
 * regions whose labels are {@code d/0, d/1, ...} (labels that display quoted).
 */
final class GeometryArbitraries {
  private GeometryArbitraries() {}

  /** Row-major slices of 1 to {@code maxDims} dimensions, each of size 1 to {@code maxLen}. */
  static Arbitrary<Slice> slices(int maxDims, int maxLen) {
    return Arbitraries.integers()
        .between(1, maxLen)
        .list()
        .ofMinSize(1)
        .ofMaxSize(maxDims)
        .map(Slice::rowMajor);
  }

  /** Extents of {@code minDims} to {@code maxDims} dimensions, each of size 1 to {@code maxLen}. */
  static Arbitrary<Extent> extents(int minDims, int maxDims, int maxLen) {
    return Arbitraries.integers()
        .between(1, maxLen)
        .list()
        .ofMinSize(minDims)
        .ofMaxSize(maxDims)
        .map(sizes -> Extent.of(labels(sizes.size()), sizes));
  }

  /** Whole row-major regions of the extents {@link #extents} generates. */
  static Arbitrary<Region> regions(int minDims, int maxDims, int maxLen) {
    return extents(minDims, maxDims, maxLen).map(Extent::region);
  }

  /**
   * Strided regions: a row-major region of {@code 1..maxLen} per dimension, then ranged per
   * dimension from a random begin with a step of up to {@code maxStep}, where each outer step is a
   * multiple of the next inner one (as upstream {@code gen_region_strided}).
   */
  static Arbitrary<Region> stridedRegions(int minDims, int maxDims, int maxLen, int maxStep) {
    return Arbitraries.integers()
        .between(1, maxLen)
        .list()
        .ofMinSize(minDims)
        .ofMaxSize(maxDims)
        .flatMap(
            sizes -> {
              int n = sizes.size();
              Arbitrary<List<Integer>> steps =
                  Arbitraries.integers().between(1, maxStep).list().ofSize(n);
              Arbitrary<List<Integer>> begins =
                  Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(n);
              return Combinators.combine(steps, begins)
                  .as((rawSteps, rawBegins) -> strided(sizes, rawSteps, rawBegins, maxStep));
            });
  }

  private static Region strided(
      List<Integer> sizes, List<Integer> rawSteps, List<Integer> rawBegins, int maxStep) {
    int n = sizes.size();
    List<String> labels = labels(n);
    int[] steps = rawSteps.stream().mapToInt(Integer::intValue).toArray();
    for (int i = n - 2; i >= 0; i--) {
      int inner = steps[i + 1];
      int maxMult = Math.max(maxStep / inner, 1);
      int m = ((steps[i] - 1) % maxMult) + 1;
      steps[i] = inner * m;
    }
    Region region = Extent.of(labels, sizes).region();
    for (int i = 0; i < n; i++) {
      int begin = rawBegins.get(i) % sizes.get(i);
      region = region.range(labels.get(i), Range.from(begin, steps[i]));
    }
    return region;
  }

  /**
   * Non-empty labels mixing safe characters with every character the display forms treat specially:
   * quotes, backslashes, delimiters, spaces, control characters and non-ASCII letters.
   */
  static Arbitrary<String> anyLabels() {
    Arbitrary<Character> safe =
        Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9').with('_');
    Arbitrary<Character> special =
        Arbitraries.of(
            '"', '\\', '/', ',', '=', '+', ':', ' ', '{', '}', '\n', '\t', '\r', '\0', '\u0001',
            'é', '→');
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, safe), net.jqwik.api.Tuple.of(1, special))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(
            chars -> {
              StringBuilder out = new StringBuilder();
              chars.forEach(out::append);
              return out.toString();
            });
  }

  /** Extents like {@link #extents}, with labels from {@link #anyLabels}. */
  static Arbitrary<Extent> extentsWithAnyLabels(int minDims, int maxDims, int maxLen) {
    return anyLabels()
        .list()
        .uniqueElements()
        .ofMinSize(minDims)
        .ofMaxSize(maxDims)
        .flatMap(
            labels ->
                Arbitraries.integers()
                    .between(1, maxLen)
                    .list()
                    .ofSize(labels.size())
                    .map(sizes -> Extent.of(labels, sizes)));
  }

  static List<String> labels(int n) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add("d/" + i);
    }
    return labels;
  }
}
