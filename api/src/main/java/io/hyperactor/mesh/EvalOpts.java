package io.hyperactor.mesh;

/**
 * How strictly {@link Selection#eval} checks a selection before evaluating it. Whatever the
 * options, a selection with more dimension-consuming combinators than the slice has dimensions is
 * rejected.
 *
 * @param disallowEmptyRanges reject a range whose end is at or before its start
 * @param disallowOutOfRange reject a range that starts at or past its dimension's size
 * @param disallowDynamicSelections reject {@code any}, whose result is random
 */
public record EvalOpts(
    boolean disallowEmptyRanges, boolean disallowOutOfRange, boolean disallowDynamicSelections) {

  /** No extra checks: empty and out-of-range ranges select nothing, {@code any} picks at random. */
  public static EvalOpts lenient() {
    return new EvalOpts(false, false, false);
  }

  /**
   * Empty and out-of-range ranges are errors, as they are for {@link Shape#select}; {@code any} is
   * allowed.
   */
  public static EvalOpts strict() {
    return new EvalOpts(true, true, false);
  }

  /** These options with {@code any} allowed or not. */
  public EvalOpts withDisallowDynamicSelections(boolean disallow) {
    return new EvalOpts(disallowEmptyRanges, disallowOutOfRange, disallow);
  }
}
