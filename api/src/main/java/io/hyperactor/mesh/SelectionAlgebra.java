package io.hyperactor.mesh;

import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIM;
import static io.hyperactor.mesh.GeometryException.Kind.NON_CONTIGUOUS;
import static io.hyperactor.mesh.GeometryException.Kind.UNSUPPORTED_SELECTION;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Constructions over selections: from ranks, slices and labels; membership; canonical depth. */
final class SelectionAlgebra {
  private SelectionAlgebra() {}

  static Selection ofRanks(Slice slice, Collection<Integer> ranks) {
    Selection result = null;
    for (int rank : new TreeSet<>(ranks)) {
      int[] coords = slice.coordinateArray(rank);
      Selection chain = Selection.TRUE;
      for (int i = coords.length - 1; i >= 0; i--) {
        chain = Selection.range(coords[i], chain);
      }
      result = result == null ? chain : Selection.union(result, chain);
    }
    return result == null ? Selection.FALSE : result;
  }

  static Selection reifySlice(Slice base, Slice slice) {
    if (!base.isContiguous()) {
      throw GeometryException.of(
          NON_CONTIGUOUS, "noncontiguous shape: cannot reify slices over %s", base);
    }
    if (slice.isEmpty()) {
      return Selection.FALSE;
    }
    int n = base.numDims();
    boolean fits = slice.numDims() == n;
    for (int d = 0; fits && d < n; d++) {
      fits = slice.sizeAt(d) <= base.sizeAt(d);
    }
    if (!fits) {
      return ofRanks(base, slice.stream().boxed().toList());
    }
    int[] origin = base.coordinateArray(slice.offset());
    Selection acc = Selection.TRUE;
    for (int dim = n - 1; dim >= 0; dim--) {
      int start = origin[dim];
      int len = slice.sizeAt(dim);
      int sliceStride = slice.strideAt(dim);
      int baseStride = base.strideAt(dim);
      int step = baseStride == 0 ? 0 : sliceStride / baseStride;
      // Aligned: the slice steps along this base dimension and its last index stays inside it.
      // Otherwise (a stride of another dimension, or a box leaving the base) enumerate the ranks,
      // which also reports a location outside the base. Upstream's looser bound check reified such
      // boxes into ranges that silently selected fewer ranks.
      boolean aligned =
          step >= 1
              && sliceStride % baseStride == 0
              && (long) start + (long) step * (len - 1) < base.sizeAt(dim);
      if (!aligned) {
        return ofRanks(base, slice.stream().boxed().toList());
      }
      acc = Selection.range(Range.of(start, start + step * len, step), acc);
    }
    return acc;
  }

  static Selection reifySlices(Slice base, List<Slice> slices) {
    Selection result = null;
    for (Slice slice : slices) {
      if (slice.isEmpty()) {
        continue;
      }
      Selection reified = reifySlice(base, slice);
      result = result == null ? reified : Selection.union(result, reified);
    }
    return result == null ? Selection.FALSE : result;
  }

  static Selection fromLabel(Extent extent, String label, Range range) {
    int pos = position(extent, label);
    Selection selection = Selection.range(range);
    for (int i = 0; i < pos; i++) {
      selection = Selection.all(selection);
    }
    return selection;
  }

  static Selection fromLabels(Extent extent, Map<String, Range> constraints) {
    for (String label : constraints.keySet()) {
      position(extent, label);
    }
    Selection selection = Selection.TRUE;
    List<String> labels = extent.labels();
    for (int i = labels.size() - 1; i >= 0; i--) {
      Range range = constraints.get(labels.get(i));
      selection = range == null ? Selection.all(selection) : Selection.range(range, selection);
    }
    return selection;
  }

  private static int position(Extent extent, String label) {
    return extent
        .position(label)
        .orElseThrow(
            () ->
                GeometryException.of(
                    INVALID_DIM, "invalid labels `[\"%s\"]` (dimensions of %s)", label, extent));
  }

  static boolean contains(Selection selection, int[] coords) {
    return containsRec(selection, coords, 0);
  }

  private static boolean containsRec(Selection selection, int[] coords, int dim) {
    if (dim >= coords.length) {
      return selection instanceof Selection.True;
    }
    return switch (selection) {
      case Selection.False f -> false;
      case Selection.True t -> true;
      case Selection.All(Selection inner) -> containsRec(inner, coords, dim + 1);
      case Selection.InRange(Range range, Selection inner) -> {
        // Without the space, an open range has no end (upstream clamps it to the number of
        // coordinates instead).
        Range.Resolved r = range.resolve(Integer.MAX_VALUE);
        int index = coords[dim];
        yield index >= r.start()
            && index < r.end()
            && (index - r.start()) % r.step() == 0
            && containsRec(inner, coords, dim + 1);
      }
      case Selection.Intersection(Selection a, Selection b) ->
          containsRec(a, coords, dim) && containsRec(b, coords, dim);
      case Selection.Union(Selection a, Selection b) ->
          containsRec(a, coords, dim) || containsRec(b, coords, dim);
      case Selection.Label l -> throw unsupported("contains", l);
      case Selection.First f -> throw unsupported("contains", f);
      case Selection.Any a -> throw unsupported("contains", a);
    };
  }

  static GeometryException unsupported(String operation, Selection selection) {
    return GeometryException.of(
        UNSUPPORTED_SELECTION, "unsupported selection kind for %s: %s", operation, selection);
  }

  static Selection canonicalize(Selection selection, int dim, int numDims) {
    return switch (selection) {
      case Selection.True t when dim < numDims -> wrapAll(t, numDims - dim);
      case Selection.False f when dim < numDims -> wrapAll(f, numDims - dim);
      case Selection.Any(Selection.True t) when dim < numDims -> {
        Selection out = t;
        for (int i = dim; i < numDims; i++) {
          out = Selection.any(out);
        }
        yield out;
      }
      case Selection.All(Selection inner) -> Selection.all(canonicalize(inner, dim + 1, numDims));
      case Selection.Any(Selection inner) -> Selection.any(canonicalize(inner, dim + 1, numDims));
      case Selection.First(Selection inner) ->
          Selection.first(canonicalize(inner, dim + 1, numDims));
      case Selection.InRange(Range range, Selection inner) ->
          Selection.range(range, canonicalize(inner, dim + 1, numDims));
      case Selection.Intersection(Selection a, Selection b) ->
          Selection.intersection(canonicalize(a, dim, numDims), canonicalize(b, dim, numDims));
      case Selection.Union(Selection a, Selection b) ->
          Selection.union(canonicalize(a, dim, numDims), canonicalize(b, dim, numDims));
      default -> selection;
    };
  }

  private static Selection wrapAll(Selection leaf, int times) {
    Selection out = leaf;
    for (int i = 0; i < times; i++) {
      out = Selection.all(out);
    }
    return out;
  }
}
