package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.GeometryException;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Shape;
import io.hyperactor.mesh.Slice;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out limiting: reshapes a space so that no dimension is larger than a {@link FanOutLimit}, by
 * factoring each large dimension into several smaller ones over the same locations.
 *
 * <p>Routing fans out along each dimension to every index of it, so a mesh of 1024 ranks in one
 * dimension would have its root send 1023 messages. Reshaped with limit 8 it becomes {@code [8, 8,
 * 8, 2]}: deeper, with at most 7 peers per dimension per hop. Locations do not move: a reshaped
 * slice has the same offset and the same set of locations, and {@link #reshapeSelection} rewrites a
 * selection so it selects the same locations in the reshaped space.
 *
 * <pre>{@code
 * Slice flat = Slice.rowMajor(1024);
 * Slice tree = Reshape.reshapeWithLimit(flat, FanOutLimit.of(8));   // sizes [8, 8, 8, 2]
 * Selection sel = Reshape.reshapeSelection(Selection.parse("100:900"), flat, tree);
 * }</pre>
 */
public final class Reshape {
  private Reshape() {}

  /**
   * For each size, the factors it is split into: the size itself when it is at most the limit,
   * otherwise the divisors from the limit down to 2 taken greedily as often as they divide, then
   * any remainder above 1. So 1024 with limit 8 is {@code [8, 8, 8, 2]}, 30 with limit 5 is {@code
   * [5, 3, 2]}, and a prime above the limit stays whole. An immutable list of immutable lists.
   */
  public static List<List<Integer>> factorDims(List<Integer> sizes, FanOutLimit limit) {
    ImmutableList.Builder<List<Integer>> out = ImmutableList.builder();
    for (int size : sizes) {
      out.add(factor(size, limit.value()));
    }
    return out.build();
  }

  private static ImmutableList<Integer> factor(int size, int limit) {
    if (size <= limit) {
      return ImmutableList.of(size);
    }
    ImmutableList.Builder<Integer> factors = ImmutableList.builder();
    int rest = size;
    for (int d = limit; d >= 2; d--) {
      while (rest % d == 0) {
        factors.add(d);
        rest /= d;
      }
    }
    if (rest > 1) {
      factors.add(rest);
    }
    return factors.build();
  }

  /**
   * {@code slice} with each dimension replaced by its {@link #factorDims factors}: a dimension of
   * stride {@code s} factored into {@code f0, ..., fk} gets strides {@code s·f1·…·fk, ..., s·fk,
   * s}. The offset is kept, and every location maps to itself.
   *
   * @throws GeometryException when the factored strides of a slice with gaps are not rectangular (a
   *     contiguous slice always reshapes)
   */
  public static Slice reshapeWithLimit(Slice slice, FanOutLimit limit) {
    List<List<Integer>> factors = factorDims(slice.sizes(), limit);
    List<Integer> sizes = new ArrayList<>();
    List<Integer> strides = new ArrayList<>();
    for (int d = 0; d < factors.size(); d++) {
      List<Integer> dimFactors = factors.get(d);
      int[] sub = new int[dimFactors.size()];
      long stride = slice.stride(d);
      for (int i = dimFactors.size() - 1; i >= 0; i--) {
        sub[i] = Math.toIntExact(stride);
        stride *= dimFactors.get(i);
      }
      sizes.addAll(dimFactors);
      for (int s : sub) {
        strides.add(s);
      }
    }
    try {
      return Slice.of(slice.offset(), sizes, strides);
    } catch (GeometryException e) {
      // Only a slice with gaps between its rows gets here: a contiguous one (as every root mesh
      // is) always factors into rectangular strides.
      throw new GeometryException(
          e.kind(),
          String.format(
              "cannot reshape %s with fan-out limit %s: %s", slice, limit.value(), e.getMessage()));
    }
  }

  /**
   * {@code shape} reshaped by {@link #reshapeWithLimit}, with each factored label {@code gpu}
   * expanded to {@code gpu/0, gpu/1, ...} ({@link #expandLabels}).
   */
  public static ReshapedShape reshapeShape(Shape shape, FanOutLimit limit) {
    Slice reshaped = reshapeWithLimit(shape.slice(), limit);
    List<List<Integer>> factors = factorDims(shape.slice().sizes(), limit);
    ImmutableList.Builder<ReshapedShape.FactoredDim> dims = ImmutableList.builder();
    for (int d = 0; d < factors.size(); d++) {
      dims.add(new ReshapedShape.FactoredDim(shape.labels().get(d), factors.get(d)));
    }
    ImmutableList<ReshapedShape.FactoredDim> factored = dims.build();
    return new ReshapedShape(Shape.of(expandLabels(factored), reshaped), factored);
  }

  /**
   * One label per reshaped dimension: an unfactored dimension keeps its label, one factored into
   * {@code n} sizes becomes {@code label/0} to {@code label/n-1}. An immutable list.
   */
  public static List<String> expandLabels(List<ReshapedShape.FactoredDim> factors) {
    ImmutableList.Builder<String> labels = ImmutableList.builder();
    for (ReshapedShape.FactoredDim dim : factors) {
      if (dim.sizes().size() == 1) {
        labels.add(dim.label());
      } else {
        for (int i = 0; i < dim.sizes().size(); i++) {
          labels.add(dim.label() + "/" + i);
        }
      }
    }
    return labels.build();
  }

  /**
   * A selection over {@code reshaped} (which must be {@code original} reshaped by {@link
   * #reshapeWithLimit}) that selects the same locations as {@code selection} does over {@code
   * original}. {@code all}, {@code any} and {@code first} repeat once per factor; a range becomes a
   * union of nested ranges; unions and intersections simplify {@code true} and {@code false}.
   *
   * @throws io.hyperactor.mesh.GeometryException {@code UNSUPPORTED_SELECTION} for {@code label}
   * @throws IllegalArgumentException when {@code reshaped} does not refine {@code original}
   */
  public static Selection reshapeSelection(Selection selection, Slice original, Slice reshaped) {
    checkNotNull(selection, "selection");
    return new SelectionReshaper(original, reshaped).fold(selection, 0, 0);
  }
}
