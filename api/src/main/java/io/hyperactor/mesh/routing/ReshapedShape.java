package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.Shape;
import java.util.List;

/**
 * A {@link Shape} whose large dimensions were factored into smaller ones, with the factoring of
 * each original dimension.
 *
 * @param shape the reshaped shape: a factored dimension {@code gpu} becomes {@code gpu/0, gpu/1,
 *     ...}
 * @param factors for each original dimension, in order, the sizes it was factored into (an
 *     immutable copy is kept)
 */
public record ReshapedShape(Shape shape, List<FactoredDim> factors) {
  public ReshapedShape {
    checkNotNull(shape, "shape");
    factors = ImmutableList.copyOf(checkNotNull(factors, "factors"));
  }

  /**
   * One original dimension and the sizes it was factored into (a single size when it was small
   * enough already).
   *
   * @param label the original dimension's label
   * @param sizes the factors, outermost first; their product is the original size (an immutable
   *     copy is kept)
   */
  public record FactoredDim(String label, List<Integer> sizes) {
    public FactoredDim {
      checkNotNull(label, "label");
      sizes = ImmutableList.copyOf(checkNotNull(sizes, "sizes"));
    }

    /** The dimension {@code label} factored into {@code sizes}. */
    public static FactoredDim of(String label, List<Integer> sizes) {
      return new FactoredDim(label, sizes);
    }
  }
}
