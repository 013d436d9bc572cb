package io.hyperactor.mesh;

/**
 * Thrown when values for a mesh do not match its region: not exactly one value per rank, a rank
 * outside the region, or runs that do not cover it.
 */
public final class RankCardinalityException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int expected;
  private final long actual;

  RankCardinalityException(int expected, long actual) {
    this(expected, actual, "");
  }

  RankCardinalityException(int expected, long actual, String detail) {
    super(
        "invalid mesh ref: expected "
            + expected
            + " ranks, but contains "
            + actual
            + " ranks"
            + (detail.isEmpty() ? "" : ": " + detail));
    this.expected = expected;
    this.actual = actual;
  }

  /** The number of ranks of the region. */
  public int expected() {
    return expected;
  }

  /**
   * The count found instead: the number of values given, one past an out-of-range rank, or the
   * number of distinct ranks given.
   */
  public long actual() {
    return actual;
  }
}
