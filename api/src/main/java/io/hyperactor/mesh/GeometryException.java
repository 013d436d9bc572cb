package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A mesh geometry operation was given input it cannot accept: a malformed slice, a coordinate or
 * rank outside its space, a label the extent does not have, a selection too deep for its slice, or
 * text that does not parse.
 *
 * <p>It is an {@link IllegalArgumentException}, so callers that only care that the input was bad
 * can catch that. Callers that need to tell the cases apart read {@link #kind()}. The message
 * always names the offending value.
 *
 * <pre>{@code
 * try {
 *   region.pointOfBaseRank(rank);
 * } catch (GeometryException e) {
 *   if (e.kind() == GeometryException.Kind.OUT_OF_RANGE_BASE_RANK) { ... }
 * }
 * }</pre>
 */
public final class GeometryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the input. */
  public enum Kind {
    /** A coordinate or stride list has the wrong number of dimensions. */
    INVALID_DIMS,
    /** A stride is not a multiple of the next smaller stride. */
    NONRECTANGULAR_SHAPE,
    /** Two dimensions of size greater than one share a stride. */
    NONUNIQUE_STRIDES,
    /** A stride is smaller than the space spanned by the smaller strides. */
    STRIDE_TOO_SMALL,
    /** An index is at or past the size it indexes. */
    INDEX_OUT_OF_RANGE,
    /** A location is not one of a slice's locations. */
    VALUE_NOT_IN_SLICE,
    /** A row-major view cannot be taken of a slice. */
    INCOMPATIBLE_VIEW,
    /** An operation that needs a contiguous slice was given another. */
    NON_CONTIGUOUS,
    /** A range selects nothing. */
    EMPTY_RANGE,
    /** A dimension number is at or past the number of dimensions. */
    DIMENSION_OUT_OF_RANGE,
    /** Label and size (or coordinate) lists of different lengths. */
    DIM_MISMATCH,
    /** Two extents to concatenate share a label. */
    OVERLAPPING_LABEL,
    /** A label is empty. */
    INVALID_LABEL,
    /** No dimension has the given label. */
    INVALID_DIM,
    /** A rank is at or past the number of ranks. */
    OUT_OF_RANGE_RANK,
    /** A coordinate is at or past its dimension's size. */
    OUT_OF_RANGE_INDEX,
    /** A range or index is outside a labeled dimension. */
    OUT_OF_RANGE,
    /** A region is not a subset of the view it was taken from. */
    INVALID_RANGE,
    /** A point does not belong to a region's extent. */
    INVALID_POINT,
    /** A base rank is not one of a region's ranks. */
    OUT_OF_RANGE_BASE_RANK,
    /** A selection has more dimension-consuming combinators than its slice has dimensions. */
    SELECTION_TOO_DEEP,
    /** A selection uses {@code any}, which strict evaluation forbids. */
    SELECTION_DYNAMIC,
    /** A selection uses a combinator an operation does not support. */
    UNSUPPORTED_SELECTION,
    /** Text does not parse. */
    PARSE_ERROR,
  }

  private final Kind kind;

  /** A new exception of {@code kind} with {@code message}, which should name the bad value. */
  public GeometryException(Kind kind, String message) {
    super(message);
    this.kind = checkNotNull(kind, "kind");
  }

  static GeometryException of(Kind kind, String template, Object... args) {
    return new GeometryException(kind, String.format(template, args));
  }

  /** What was wrong with the input. */
  public Kind kind() {
    return kind;
  }
}
