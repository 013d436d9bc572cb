package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.OptionalInt;

/**
 * A strided range of indices along one dimension: {@code start}, an optional exclusive {@code end}
 * and a {@code step}. Without an end the range runs to the end of whatever dimension it is applied
 * to.
 *
 * <p>An end at or before the start makes an empty range; an end past a dimension's size is clamped
 * to the size when the range is {@linkplain #resolve resolved}. Ranges order structurally by start,
 * then end (an open end sorts before every bounded end), then step.
 *
 * <pre>{@code
 * Range.of(3)          // 3:4:1, the single index 3
 * Range.of(0, 4)       // 0:4:1
 * Range.of(1, 8, 2)    // 1:8:2, the odd indices below 8
 * Range.from(2)        // 2::1, index 2 to the end
 * Range.from(0, 2)     // 0::2, every even index
 * }</pre>
 */
public final class Range implements Comparable<Range> {
  private static final int OPEN = -1;
  private static final Comparator<Range> ORDER =
      Comparator.comparingInt(Range::start)
          .thenComparingInt(r -> r.end == OPEN ? Integer.MIN_VALUE : r.end)
          .thenComparingInt(Range::step);

  private final int start;
  private final int end; // OPEN when unbounded
  private final int step;

  private Range(int start, int end, int step) {
    checkArgument(start >= 0, "range start must be >= 0, got %s", start);
    checkArgument(end >= 0 || end == OPEN, "range end must be >= 0, got %s", end);
    checkArgument(step >= 1, "range step must be >= 1, got %s", step);
    this.start = start;
    this.end = end;
    this.step = step;
  }

  /** The single index {@code index}: {@code index:index+1:1}. */
  public static Range of(int index) {
    return new Range(index, Math.addExact(index, 1), 1);
  }

  /** The indices {@code start} (inclusive) to {@code end} (exclusive), step 1. */
  public static Range of(int start, int end) {
    return new Range(start, end, 1);
  }

  /** Every {@code step}-th index from {@code start} (inclusive) to {@code end} (exclusive). */
  public static Range of(int start, int end, int step) {
    return new Range(start, end, step);
  }

  /** The indices {@code first} to {@code last}, both inclusive, step 1. */
  public static Range closed(int first, int last) {
    return new Range(first, Math.addExact(last, 1), 1);
  }

  /** Every index from {@code start} to the end of the dimension. */
  public static Range from(int start) {
    return new Range(start, OPEN, 1);
  }

  /** Every {@code step}-th index from {@code start} to the end of the dimension. */
  public static Range from(int start, int step) {
    return new Range(start, OPEN, step);
  }

  /** The first index. */
  public int start() {
    return start;
  }

  /** The exclusive end, or empty when the range runs to the end of the dimension. */
  public OptionalInt end() {
    return end == OPEN ? OptionalInt.empty() : OptionalInt.of(end);
  }

  /** The distance between selected indices, at least 1. */
  public int step() {
    return step;
  }

  /**
   * This range against a dimension of {@code size}: {@code [start, min(end, size), step]}, with
   * {@code size} standing in for an open end. The resolved range may be empty (end at or before
   * start); callers decide whether that is an error.
   */
  public Resolved resolve(int size) {
    return new Resolved(start, end == OPEN ? size : Math.min(end, size), step);
  }

  /** Whether the range is empty whatever it is applied to: a bounded end at or before the start. */
  public boolean isEmpty() {
    return end != OPEN && end <= start;
  }

  /**
   * A range resolved against a dimension size.
   *
   * @param start the first index
   * @param end the exclusive end, at most the dimension size
   * @param step the distance between indices
   */
  public record Resolved(int start, int end, int step) {
    /** Whether no index is selected. */
    public boolean isEmpty() {
      return end <= start;
    }

    /** How many indices are selected: {@code ceil((end - start) / step)}, or 0. */
    public int count() {
      return isEmpty() ? 0 : (int) (((long) end - start + step - 1) / step);
    }
  }

  @Override
  public int compareTo(Range other) {
    return ORDER.compare(this, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Range r && r.start == start && r.end == end && r.step == step;
  }

  @Override
  public int hashCode() {
    return (start * 31 + end) * 31 + step;
  }

  /** {@code start:end:step}, or {@code start::step} when the end is open. */
  @Override
  public String toString() {
    return end == OPEN ? start + "::" + step : start + ":" + end + ":" + step;
  }
}
