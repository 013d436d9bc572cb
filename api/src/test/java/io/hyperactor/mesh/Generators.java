package io.hyperactor.mesh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pseudo-random mesh geometry for {@link SeededCases}, after upstream {@code
 * ndslice/src/strategy.rs}: slices, extents and regions (labelled {@code d/0, d/1, ...}, labels
 * that display quoted), labels full of characters the display forms escape, and selections.
 *
 * <p>Every bound is inclusive, and every choice is uniform unless a method says otherwise.
 */
public final class Generators {
  private Generators() {}

  /** An int from {@code min} to {@code max}, both inclusive. */
  public static int between(SplittableRandom random, int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /** {@code minDims} to {@code maxDims} dimension sizes, each from 1 to {@code maxLen}. */
  public static List<Integer> sizes(SplittableRandom random, int minDims, int maxDims, int maxLen) {
    int dims = between(random, minDims, maxDims);
    List<Integer> sizes = new ArrayList<>(dims);
    for (int i = 0; i < dims; i++) {
      sizes.add(between(random, 1, maxLen));
    }
    return sizes;
  }

  /** A row-major slice of 1 to {@code maxDims} dimensions, each of size 1 to {@code maxLen}. */
  public static Slice slice(SplittableRandom random, int maxDims, int maxLen) {
    return Slice.rowMajor(sizes(random, 1, maxDims, maxLen));
  }

  /**
   * An extent of {@code minDims} to {@code maxDims} dimensions labelled {@link #labels}, each of
   * size 1 to {@code maxLen}.
   */
  public static Extent extent(SplittableRandom random, int minDims, int maxDims, int maxLen) {
    List<Integer> sizes = sizes(random, minDims, maxDims, maxLen);
    return Extent.of(labels(sizes.size()), sizes);
  }

  /** The whole row-major region of an {@link #extent}. */
  public static Region region(SplittableRandom random, int minDims, int maxDims, int maxLen) {
    return extent(random, minDims, maxDims, maxLen).region();
  }

  /**
   * A strided region: a row-major region of {@code 1..maxLen} per dimension, then ranged per
   * dimension from a random begin with a step of up to {@code maxStep}, where each outer step is a
   * multiple of the next inner one (as upstream {@code gen_region_strided}).
   */
  public static Region stridedRegion(
      SplittableRandom random, int minDims, int maxDims, int maxLen, int maxStep) {
    List<Integer> sizes = sizes(random, minDims, maxDims, maxLen);
    int n = sizes.size();
    int[] steps = new int[n];
    for (int i = 0; i < n; i++) {
      steps[i] = between(random, 1, maxStep);
    }
    // Make each outer step a multiple of the inner one, so the strides stay rectangular.
    for (int i = n - 2; i >= 0; i--) {
      int inner = steps[i + 1];
      int maxMult = Math.max(maxStep / inner, 1);
      steps[i] = inner * (((steps[i] - 1) % maxMult) + 1);
    }
    List<String> labels = labels(n);
    Region region = Extent.of(labels, sizes).region();
    for (int i = 0; i < n; i++) {
      int begin = random.nextInt(sizes.get(i));
      region = region.range(labels.get(i), Range.from(begin, steps[i]));
    }
    return region;
  }

  private static final String SAFE_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
  private static final char[] SPECIAL_CHARS = {
    '"', '\\', '/', ',', '=', '+', ':', ' ', '{', '}', '\n', '\t', '\r', '\0', '\u0001', 'é', '→'
  };

  /**
   * A label of 1 to 8 characters, one in five (on average) among the characters the display forms
   * treat specially: quotes, backslashes, delimiters, spaces, control characters and non-ASCII
   * letters; the rest letters, digits and {@code _}.
   */
  public static String anyLabel(SplittableRandom random) {
    int length = between(random, 1, 8);
    StringBuilder label = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(5) == 0) {
        label.append(SPECIAL_CHARS[random.nextInt(SPECIAL_CHARS.length)]);
      } else {
        label.append(SAFE_CHARS.charAt(random.nextInt(SAFE_CHARS.length())));
      }
    }
    return label.toString();
  }

  /** An extent like {@link #extent}, with distinct labels from {@link #anyLabel}. */
  public static Extent extentWithAnyLabels(
      SplittableRandom random, int minDims, int maxDims, int maxLen) {
    int dims = between(random, minDims, maxDims);
    Set<String> labels = new LinkedHashSet<>();
    while (labels.size() < dims) {
      labels.add(anyLabel(random));
    }
    List<Integer> sizes = new ArrayList<>(dims);
    for (int i = 0; i < dims; i++) {
      sizes.add(between(random, 1, maxLen));
    }
    return Extent.of(List.copyOf(labels), sizes);
  }

  /** The labels {@code d/0, d/1, ..., d/(n-1)}. */
  public static List<String> labels(int n) {
    List<String> labels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      labels.add("d/" + i);
    }
    return labels;
  }

  /**
   * A selection that strict evaluation accepts over a row-major space of the given sizes, in the
   * spirit of upstream's {@code gen_selection}, nested at most {@code depth} deep: {@code true}
   * (weight 1), a {@link #range} of the current dimension (4), {@code all} (2), and unions (2) and
   * intersections (2) of two selections over the same dimension. No {@code any}, whose result is
   * random.
   */
  public static Selection selection(SplittableRandom random, List<Integer> sizes, int depth) {
    return selection(random, sizes, 0, depth);
  }

  private static Selection selection(
      SplittableRandom random, List<Integer> sizes, int dim, int depth) {
    if (depth == 0 || dim >= sizes.size()) {
      return Selection.TRUE;
    }
    int pick = random.nextInt(11);
    if (pick < 1) {
      return Selection.TRUE;
    } else if (pick < 5) {
      Range range = range(random, sizes.get(dim));
      return Selection.range(range, selection(random, sizes, dim + 1, depth - 1));
    } else if (pick < 7) {
      return Selection.all(selection(random, sizes, dim + 1, depth - 1));
    } else if (pick < 9) {
      Selection a = selection(random, sizes, dim, depth - 1);
      return Selection.union(a, selection(random, sizes, dim, depth - 1));
    } else {
      Selection a = selection(random, sizes, dim, depth - 1);
      return Selection.intersection(a, selection(random, sizes, dim, depth - 1));
    }
  }

  /**
   * A non-empty range over a dimension of {@code size} that starts inside it: bounded (3 in 4),
   * possibly running past the end, or open (1 in 4), with a step of 1 to 3.
   */
  public static Range range(SplittableRandom random, int size) {
    int start = between(random, 0, size - 1);
    int step = between(random, 1, Math.max(1, Math.min(3, size)));
    if (random.nextInt(4) < 3) {
      int len = between(random, 1, size + 1);
      return Range.of(start, start + len, step);
    }
    return Range.from(start, step);
  }
}
