package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkArgument;
import static io.hyperactor.mesh.GeometryException.Kind.UNSUPPORTED_SELECTION;

import io.hyperactor.mesh.GeometryException;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a selection over a slice into one over the slice's reshaped form ({@link
 * Reshape#reshapeSelection}).
 *
 * <p>The walk keeps two cursors: the original dimension and the first reshaped dimension it was
 * factored into. Ranges are the interesting case. A range along an original dimension of size
 * {@code n} factored into {@code rows × cols} (innermost factor {@code cols}) folds into up to
 * three pieces: a partial first row, whole middle rows, a partial last row. With a step above 1
 * the middle splits further into one piece per row of the repeating column pattern. Folding
 * repeats for each further factor, outermost last.
 */
final class SelectionReshaper {
  private final Slice original;
  private final Slice reshaped;

  SelectionReshaper(Slice original, Slice reshaped) {
    this.original = original;
    this.reshaped = reshaped;
  }

  Selection fold(Selection selection, int originalDim, int reshapedDim) {
    if (selection instanceof Selection.True || selection instanceof Selection.False) {
      return selection;
    }
    if (originalDim >= original.numDims()) {
      return selection;
    }
    int originalSize = original.size(originalDim);
    // The reshaped dimensions [reshapedDim, nextReshaped) are the factors of this one.
    checkArgument(
        reshapedDim < reshaped.numDims(), "%s does not refine %s", reshaped, original);
    long accum = reshaped.size(reshapedDim);
    int nextReshaped = reshapedDim + 1;
    while (accum < originalSize) {
      checkArgument(
          nextReshaped < reshaped.numDims(), "%s does not refine %s", reshaped, original);
      accum *= reshaped.size(nextReshaped);
      nextReshaped++;
    }
    int factorCount = nextReshaped - reshapedDim;

    return switch (selection) {
      case Selection.Union(Selection l, Selection r) -> {
        Selection left = fold(l, originalDim, reshapedDim);
        if (left instanceof Selection.True) {
          yield left;
        }
        if (left instanceof Selection.False) {
          yield fold(r, originalDim, reshapedDim);
        }
        Selection right = fold(r, originalDim, reshapedDim);
        if (right instanceof Selection.True) {
          yield right;
        }
        yield right instanceof Selection.False ? left : Selection.union(left, right);
      }
      case Selection.Intersection(Selection l, Selection r) -> {
        Selection left = fold(l, originalDim, reshapedDim);
        if (left instanceof Selection.False) {
          yield left;
        }
        if (left instanceof Selection.True) {
          yield fold(r, originalDim, reshapedDim);
        }
        Selection right = fold(r, originalDim, reshapedDim);
        if (right instanceof Selection.False) {
          yield right;
        }
        yield right instanceof Selection.True ? left : Selection.intersection(left, right);
      }
      case Selection.All(Selection i) -> {
        Selection inner = fold(i, originalDim + 1, nextReshaped);
        if (inner instanceof Selection.True || inner instanceof Selection.False) {
          yield inner;
        }
        Selection out = inner;
        for (int k = 0; k < factorCount; k++) {
          out = Selection.all(out);
        }
        yield out;
      }
      case Selection.Any(Selection i) -> {
        Selection inner = fold(i, originalDim + 1, nextReshaped);
        if (inner instanceof Selection.False) {
          yield inner;
        }
        Selection out = inner;
        for (int k = 0; k < factorCount; k++) {
          out = Selection.any(out);
        }
        yield out;
      }
      case Selection.First(Selection i) -> {
        Selection inner = fold(i, originalDim + 1, nextReshaped);
        if (inner instanceof Selection.False) {
          yield inner;
        }
        Selection out = inner;
        for (int k = 0; k < factorCount; k++) {
          out = Selection.first(out);
        }
        yield out;
      }
      case Selection.InRange(Range range, Selection i) -> {
        Selection inner = fold(i, originalDim + 1, nextReshaped);
        if (inner instanceof Selection.False) {
          yield inner;
        }
        // Fold by the innermost factor first: [24] into [4, 3, 2] folds by 2 to get [12, 2],
        // then the 12 by 3 to get [4, 3, 2].
        List<Selection.InRange> pieces = List.of(new Selection.InRange(range, inner));
        int size = originalSize;
        for (int d = nextReshaped - 1; d > reshapedDim; d--) {
          int factor = reshaped.size(d);
          List<Selection.InRange> folded = new ArrayList<>();
          for (Selection.InRange piece : pieces) {
            folded.addAll(foldOnce(piece.range(), piece.inner(), size, factor));
          }
          pieces = folded;
          size /= factor;
        }
        Selection out = Selection.FALSE;
        for (Selection.InRange piece : pieces) {
          out = out instanceof Selection.False ? piece : Selection.union(out, piece);
        }
        yield out;
      }
      case Selection.True t -> t;
      case Selection.False f -> f;
      case Selection.Label label ->
          throw new GeometryException(
              UNSUPPORTED_SELECTION, "unsupported selection kind " + label + " for reshaping");
    };
  }

  /**
   * Folds {@code range} over a dimension of {@code size} into ranges over {@code size / cols}
   * rows of {@code cols} columns, each row range wrapping a column range that continues with
   * {@code inner}.
   */
  static List<Selection.InRange> foldOnce(Range range, Selection inner, int size, int cols) {
    int start = range.start();
    int step = range.step();
    // Clamp the end to the dimension: a range may run past it, and the indices beyond select
    // nothing.
    Integer end = range.end().isPresent() ? Math.min(range.end().getAsInt(), size) : null;
    List<Selection.InRange> result = new ArrayList<>();
    if (start >= size || (end != null && end <= start)) {
      return result; // Selects nothing.
    }

    int rowStart = start / cols;
    Integer rowEnd = end == null ? null : (end % cols == 0 ? end / cols : end / cols + 1);
    int rows = size / cols;
    int colStart = start % cols;
    Integer colEnd = end == null ? null : (end % cols == 0 && end > cols - 1 ? cols : end % cols);

    // The whole range lies in one row.
    if ((rowEnd != null && rowStart + 1 == rowEnd) || (end == null && rowStart == rows)) {
      result.add(piece(rowStart, rowEnd, 1, colStart, colEnd, step, inner));
      return result;
    }

    if (step == 1) {
      // A partial first row, when the range does not start on a row boundary.
      int middleStart = rowStart;
      if (start % cols != 0) {
        result.add(piece(rowStart, rowStart + 1, 1, colStart, cols, step, inner));
        middleStart = rowStart + 1;
      }
      // A partial last row, when it does not end on one.
      Integer middleEnd = rowEnd;
      if (end != null && end % cols != 0) {
        result.add(piece(rowEnd - 1, rowEnd, 1, 0, colEnd, step, inner));
        middleEnd = rowEnd - 1;
      }
      // Whole rows in between.
      if ((middleEnd != null && middleEnd > middleStart)
          || (middleEnd == null && middleStart < rows)) {
        Range middle =
            middleEnd == null ? Range.from(middleStart) : Range.of(middleStart, middleEnd);
        result.add(new Selection.InRange(middle, Selection.all(inner)));
      }
      return result;
    }

    // With a step above 1 the columns a row starts at repeat every `period` rows.
    int period = step / gcd(step, cols);
    RowCol cursor = new RowCol(rowStart, start % cols);
    if (start % cols != 0) {
      result.add(piece(cursor.row, cursor.row + 1, 1, cursor.col, null, step, inner));
      cursor = cursor.next(cols, step);
    }
    Integer endRow = end == null ? null : end / cols;
    for (int k = 0; k < period; k++) {
      if (endRow != null ? cursor.row >= endRow : cursor.row >= rows) {
        break;
      }
      result.add(piece(cursor.row, endRow, period, cursor.col, null, step, inner));
      cursor = cursor.next(cols, step);
    }
    if (end != null) {
      int lastRow = end / cols;
      int lastCol = end % cols;
      while (cursor.row <= lastRow) {
        if (cursor.row % period == lastRow % period && cursor.col < lastCol) {
          result.add(piece(lastRow, lastRow + 1, 1, cursor.col, lastCol, step, inner));
          break;
        }
        cursor = cursor.next(cols, step);
      }
    }
    return result;
  }

  /** A row and the first column the stepped range takes in it. */
  private record RowCol(int row, int col) {
    /** The first index the range takes in the next row it reaches. */
    RowCol next(int cols, int step) {
      int lastColBeforeEnd = col + step * ((cols - 1 - col) / step);
      long nextIndex = (long) row * cols + lastColBeforeEnd + step;
      return new RowCol((int) (nextIndex / cols), (int) (nextIndex % cols));
    }
  }

  private static Selection.InRange piece(
      int rowStart,
      Integer rowEnd,
      int rowStep,
      int colStart,
      Integer colEnd,
      int colStep,
      Selection inner) {
    Range rows =
        rowEnd == null ? Range.from(rowStart, rowStep) : Range.of(rowStart, rowEnd, rowStep);
    Range cols =
        colEnd == null ? Range.from(colStart, colStep) : Range.of(colStart, colEnd, colStep);
    return new Selection.InRange(rows, new Selection.InRange(cols, inner));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
