package io.hyperactor.mesh.routing;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.mesh.routing.Reshape.factorDims;
import static io.hyperactor.mesh.routing.Reshape.reshapeShape;
import static io.hyperactor.mesh.routing.Reshape.reshapeWithLimit;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.mesh.EvalOpts;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Generators;
import io.hyperactor.mesh.GeometryException;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.SeededCases;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Shape;
import io.hyperactor.mesh.Slice;
import io.hyperactor.mesh.routing.ReshapedShape.FactoredDim;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code ndslice/src/reshape.rs} tests. */
class ReshapeTest {

  private static FanOutLimit limit(int n) {
    return FanOutLimit.of(n);
  }

  /**
   * The reshaped slice preserves layout: every original coordinate maps to a reshaped coordinate at
   * the same location and back, and the location maps back to the reshaped coordinate.
   */
  static void assertLayoutPreserved(Slice original, Slice reshaped) {
    assertThat(reshaped.offset()).isEqualTo(original.offset());
    assertThat(reshaped.length()).isEqualTo(original.length());
    original
        .dimIter(original.numDims())
        .forEach(
            coord -> {
              int location = original.location(coord);
              List<Integer> reshapedCoord = reshaped.coordinates(location);
              assertThat(reshaped.location(reshapedCoord)).isEqualTo(location);
              assertThat(original.coordinates(reshaped.location(reshapedCoord))).isEqualTo(coord);
            });
  }

  @Test
  void testFactorDimsBasic() {
    assertThat(factorDims(List.of(6, 8), limit(4))).containsExactly(List.of(3, 2), List.of(4, 2));
    assertThat(factorDims(List.of(5), limit(3))).containsExactly(List.of(5));
    assertThat(factorDims(List.of(30), limit(5))).containsExactly(List.of(5, 3, 2));
  }

  @Test
  void testReshapeSplit1dRowMajor() {
    Slice s = Slice.rowMajor(1024);
    Slice reshaped = reshapeWithLimit(s, limit(8));
    assertThat(reshaped.offset()).isEqualTo(0);
    assertThat(reshaped.sizes()).containsExactly(8, 8, 8, 2).inOrder();
    assertThat(reshaped.strides()).containsExactly(128, 16, 2, 1).inOrder();
    assertThat(factorDims(s.sizes(), limit(8))).containsExactly(List.of(8, 8, 8, 2));
    assertLayoutPreserved(s, reshaped);
  }

  @Test
  void testReshape6WithLimit2() {
    Slice s = Slice.rowMajor(6);
    assertThat(factorDims(s.sizes(), limit(2))).containsExactly(List.of(2, 3));
    assertLayoutPreserved(s, reshapeWithLimit(s, limit(2)));
  }

  @Test
  void testReshapeIdentityNoop2d() {
    Slice original = Slice.rowMajor(4, 8);
    Slice reshaped = reshapeWithLimit(original, limit(8));
    assertThat(reshaped).isEqualTo(original);
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeEmptySlice() {
    Slice original = Slice.rowMajor();
    Slice reshaped = reshapeWithLimit(original, limit(8));
    assertThat(reshaped).isEqualTo(original);
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeMixedDims3d() {
    Slice original = Slice.rowMajor(6, 8, 10);
    Slice reshaped = reshapeWithLimit(original, limit(4));
    assertThat(factorDims(original.sizes(), limit(4)))
        .containsExactly(List.of(3, 2), List.of(4, 2), List.of(2, 5))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(3, 2, 4, 2, 2, 5).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeAllLargeDims() {
    Slice original = Slice.rowMajor(12, 18, 20);
    Slice reshaped = reshapeWithLimit(original, limit(4));
    assertThat(factorDims(original.sizes(), limit(4)))
        .containsExactly(List.of(4, 3), List.of(3, 3, 2), List.of(4, 5))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(4, 3, 3, 3, 2, 4, 5).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeSplit1dFactors3322() {
    Slice original = Slice.rowMajor(36);
    Slice reshaped = reshapeWithLimit(original, limit(3));
    assertThat(factorDims(original.sizes(), limit(3))).containsExactly(List.of(3, 3, 2, 2));
    assertThat(reshaped.sizes()).containsExactly(3, 3, 2, 2).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeLargePrimeDimension() {
    Slice original = Slice.rowMajor(7);
    Slice reshaped = reshapeWithLimit(original, limit(4));
    assertThat(factorDims(original.sizes(), limit(4))).containsExactly(List.of(7));
    assertThat(reshaped.sizes()).containsExactly(7);
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeSplit1dFactors532() {
    Slice original = Slice.rowMajor(30);
    Slice reshaped = reshapeWithLimit(original, limit(5));
    assertThat(factorDims(original.sizes(), limit(5))).containsExactly(List.of(5, 3, 2));
    assertThat(reshaped.sizes()).containsExactly(5, 3, 2).inOrder();
    assertThat(reshaped.strides()).containsExactly(6, 2, 1).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeFactors26288() {
    Slice original = Slice.rowMajor(2, 12, 64);
    Slice reshaped = reshapeWithLimit(original, limit(8));
    assertThat(factorDims(original.sizes(), limit(8)))
        .containsExactly(List.of(2), List.of(6, 2), List.of(8, 8))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(2, 6, 2, 8, 8).inOrder();
    assertThat(reshaped.strides()).containsExactly(768, 128, 64, 8, 1).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeAllDimsWithinLimit() {
    Slice original = Slice.rowMajor(2, 3, 4);
    Slice reshaped = reshapeWithLimit(original, limit(4));
    assertThat(factorDims(original.sizes(), limit(4)))
        .containsExactly(List.of(2), List.of(3), List.of(4))
        .inOrder();
    assertThat(reshaped).isEqualTo(original);
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testReshapeDegenerateDimension() {
    Slice original = Slice.rowMajor(1, 12);
    Slice reshaped = reshapeWithLimit(original, limit(4));
    assertThat(factorDims(original.sizes(), limit(4)))
        .containsExactly(List.of(1), List.of(4, 3))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(1, 4, 3).inOrder();
    assertLayoutPreserved(original, reshaped);
  }

  @Test
  void testSelectThenReshape() {
    Shape selected = Shape.from(Extent.of("zone", 2, "host", 3, "gpu", 4)).select("zone", 1);
    assertThat(selected.slice().offset()).isEqualTo(12);
    assertThat(selected.slice().sizes()).containsExactly(1, 3, 4).inOrder();
    Slice reshaped = reshapeWithLimit(selected.slice(), limit(2));
    assertThat(factorDims(selected.slice().sizes(), limit(2)))
        .containsExactly(List.of(1), List.of(3), List.of(2, 2))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(1, 3, 2, 2).inOrder();
    assertThat(reshaped.strides()).containsExactly(12, 4, 2, 1).inOrder();
    assertThat(reshaped.offset()).isEqualTo(12);
    assertLayoutPreserved(selected.slice(), reshaped);
  }

  @Test
  void testSelectHostPlaneThenReshape() {
    Shape selected = Shape.from(Extent.of("zone", 2, "host", 3, "gpu", 4)).select("host", 2);
    assertLayoutPreserved(selected.slice(), reshapeWithLimit(selected.slice(), limit(2)));
  }

  @Test
  void testReshapeAfterSelectNoFactoringDueToPrimes() {
    Shape original = Shape.from(Extent.of("zone", 3, "host", 4, "gpu", 5));
    Shape zone = original.select("zone", 1);
    assertThat(zone.slice().sizes()).containsExactly(1, 4, 5).inOrder();
    Shape host = zone.select("host", 2);
    assertThat(host.slice().sizes()).containsExactly(1, 1, 5).inOrder();
    Slice reshaped = reshapeWithLimit(host.slice(), limit(2));
    assertThat(factorDims(host.slice().sizes(), limit(2)))
        .containsExactly(List.of(1), List.of(1), List.of(5))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(1, 1, 5).inOrder();
    assertLayoutPreserved(host.slice(), reshaped);
  }

  @Test
  void testReshapeAfterMultipleSelectsTriggersFactoring() {
    Shape host =
        Shape.from(Extent.of("zone", 2, "host", 4, "gpu", 8)).select("zone", 1).select("host", 2);
    assertThat(host.slice().sizes()).containsExactly(1, 1, 8).inOrder();
    Slice reshaped = reshapeWithLimit(host.slice(), limit(2));
    assertThat(factorDims(host.slice().sizes(), limit(2)))
        .containsExactly(List.of(1), List.of(1), List.of(2, 2, 2))
        .inOrder();
    assertThat(reshaped.sizes()).containsExactly(1, 1, 2, 2, 2).inOrder();
    assertLayoutPreserved(host.slice(), reshaped);
  }

  @Test
  void testExpandLabelsSingletonDims() {
    assertThat(
            Reshape.expandLabels(
                List.of(FactoredDim.of("x", List.of(2)), FactoredDim.of("y", List.of(4)))))
        .containsExactly("x", "y")
        .inOrder();
  }

  @Test
  void testExpandLabelsFactoredDims() {
    assertThat(Reshape.expandLabels(List.of(FactoredDim.of("gpu", List.of(2, 2, 2)))))
        .containsExactly("gpu/0", "gpu/1", "gpu/2")
        .inOrder();
  }

  @Test
  void testExpandLabelsMixedDims() {
    assertThat(
            Reshape.expandLabels(
                List.of(FactoredDim.of("zone", List.of(2)), FactoredDim.of("gpu", List.of(2, 2)))))
        .containsExactly("zone", "gpu/0", "gpu/1")
        .inOrder();
  }

  @Test
  void testExpandLabelsEmpty() {
    assertThat(Reshape.expandLabels(List.of())).isEmpty();
  }

  @Test
  void testReshapeShapeNoop() {
    Shape shape = Shape.from(Extent.of("x", 4, "y", 8));
    ReshapedShape reshaped = reshapeShape(shape, limit(8));
    assertThat(reshaped.shape().labels()).containsExactly("x", "y").inOrder();
    assertThat(reshaped.shape().slice()).isEqualTo(shape.slice());
  }

  @Test
  void testReshapeShapeFactored() {
    Shape shape = Shape.from(Extent.of("gpu", 8));
    ReshapedShape reshaped = reshapeShape(shape, limit(2));
    assertThat(reshaped.shape().labels()).containsExactly("gpu/0", "gpu/1", "gpu/2").inOrder();
    assertThat(reshaped.shape().slice().sizes()).containsExactly(2, 2, 2).inOrder();
    assertThat(reshaped.shape().slice()).isEqualTo(reshapeWithLimit(shape.slice(), limit(2)));
    assertThat(reshaped.factors()).containsExactly(FactoredDim.of("gpu", List.of(2, 2, 2)));
  }

  @Test
  void testReshapeShapeSingleton() {
    Shape shape = Shape.from(Extent.of("x", 3));
    ReshapedShape reshaped = reshapeShape(shape, limit(8));
    assertThat(reshaped.shape().labels()).containsExactly("x");
    assertThat(reshaped.shape().slice()).isEqualTo(shape.slice());
  }

  @Test
  void testReshapeShapePrimeExceedsLimit() {
    Shape shape = Shape.from(Extent.of("x", 11));
    ReshapedShape reshaped = reshapeShape(shape, limit(5));
    assertThat(reshaped.shape().labels()).containsExactly("x");
    assertThat(reshaped.shape().slice()).isEqualTo(shape.slice());
  }

  @Test
  void testReshapeShapeMixedDims() {
    Shape shape = Shape.from(Extent.of("zone", 2, "gpu", 8));
    ReshapedShape reshaped = reshapeShape(shape, limit(2));
    assertThat(reshaped.shape().labels())
        .containsExactly("zone", "gpu/0", "gpu/1", "gpu/2")
        .inOrder();
    assertThat(reshaped.shape().slice().sizes()).containsExactly(2, 2, 2, 2).inOrder();
    assertThat(reshaped.shape().slice()).isEqualTo(reshapeWithLimit(shape.slice(), limit(2)));
  }

  @Test
  void testReshapeShapeAfterSelects() {
    Shape host =
        Shape.from(Extent.of("zone", 2, "host", 4, "gpu", 8)).select("zone", 1).select("host", 2);
    ReshapedShape reshaped = reshapeShape(host, limit(2));
    assertThat(reshaped.shape().labels())
        .containsExactly("zone", "host", "gpu/0", "gpu/1", "gpu/2")
        .inOrder();
    assertThat(reshaped.shape().slice().sizes()).containsExactly(1, 1, 2, 2, 2).inOrder();
    assertThat(reshaped.shape().slice()).isEqualTo(reshapeWithLimit(host.slice(), limit(2)));
  }

  @Test
  void castDimensionLimitExamples() {
    // MAX_CAST_DIMENSION_SIZE: [1024, 8] is [16, 16, 4, 8] with 16, and [8, 8, 8, 2, 8] with 8,
    // where rank 0 sends 7 + 7 + 7 + 1 + 7 = 29 messages for the default cast: a dimension's size
    // is not the fan-out.
    Slice mesh = Slice.rowMajor(1024, 8);
    assertThat(reshapeWithLimit(mesh, limit(16)).sizes()).containsExactly(16, 16, 4, 8).inOrder();
    Slice tree = reshapeWithLimit(mesh, limit(8));
    assertThat(tree.sizes()).containsExactly(8, 8, 8, 2, 8).inOrder();
    Selection cast = Reshape.reshapeSelection(Selection.all(), mesh, tree);
    RoutingDecision atRoot = RoutingDecision.resolve(0, List.of(RoutingFrame.root(cast, tree)));
    assertThat(atRoot.deliverHere()).isTrue();
    assertThat(atRoot.forwards()).hasSize(7 + 7 + 7 + 1 + 7);
  }

  @Test
  void reshapeSelectionExamples() {
    Slice flat = Slice.rowMajor(9);
    Slice tree = reshapeWithLimit(flat, limit(3));
    assertThat(tree.sizes()).containsExactly(3, 3).inOrder();
    // 2:8 over 0..9 folded into rows of 3: a partial first row, a whole middle row, a partial
    // last row.
    Selection folded = Reshape.reshapeSelection(Selection.range(Range.of(2, 8)), flat, tree);
    assertThat(folded)
        .isEqualTo(
            Selection.union(
                Selection.union(
                    Selection.range(Range.of(0, 1), Selection.range(Range.of(2, 3, 1))),
                    Selection.range(Range.of(2, 3), Selection.range(Range.of(0, 2, 1)))),
                Selection.range(Range.of(1, 2), Selection.all())));
    assertThat(folded.eval(EvalOpts.strict(), tree).boxed().toList())
        .containsExactly(2, 3, 4, 5, 6, 7)
        .inOrder();
    // Labels cannot be reshaped.
    GeometryException e =
        assertThrows(
            GeometryException.class,
            () ->
                Reshape.reshapeSelection(
                    Selection.label(List.of("A100"), Selection.all()), flat, tree));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.UNSUPPORTED_SELECTION);
  }

  // test_reshape_selection: on random spaces, limits and selections, the reshaped selection
  // selects the same locations. Upstream draws spaces of up to 4 dimensions of up to 64; up to 24
  // keeps strict evaluation of the largest cases (331,776 locations) affordable.

  record Case(Slice slice, int limit, Selection selection) {}

  /** A row-major space, a limit up to its largest dimension, and a selection over it. */
  private static Case reshapeCase(SplittableRandom random) {
    Slice slice = Generators.slice(random, 4, 24);
    int maxSize = slice.sizes().stream().mapToInt(Integer::intValue).max().orElse(1);
    int limit = Generators.between(random, 1, maxSize);
    return new Case(slice, limit, Generators.selection(random, slice.sizes(), 4));
  }

  @Test
  void testReshapeSelection() {
    SeededCases.forAll(
        801,
        300,
        ReshapeTest::reshapeCase,
        c -> {
          Slice reshaped = reshapeWithLimit(c.slice(), FanOutLimit.of(c.limit()));
          Selection folded = Reshape.reshapeSelection(c.selection(), c.slice(), reshaped);
          assertWithMessage("reshaped to %s as %s", reshaped.sizes(), folded)
              .that(folded.eval(EvalOpts.strict(), reshaped).sorted().boxed().toList())
              .isEqualTo(
                  c.selection().eval(EvalOpts.strict(), c.slice()).sorted().boxed().toList());
        });
  }

  /** A slice and a fan-out limit to reshape it with. */
  record LayoutCase(Slice slice, int limit) {}

  /**
   * A row-major space of 1 to 3 dimensions of size 1 to 40, less some leading rows (contiguous,
   * at an offset), and a limit of 1 to 12.
   */
  private static LayoutCase layoutCase(SplittableRandom random) {
    List<Integer> sizes = Generators.sizes(random, 1, 3, 40);
    int begin = Generators.between(random, 0, sizes.get(0) - 1);
    Slice slice = Slice.rowMajor(sizes).select(0, begin, sizes.get(0), 1);
    return new LayoutCase(slice, Generators.between(random, 1, 12));
  }

  @Test
  void reshapingPreservesLayout() {
    SeededCases.forAll(
        802,
        200,
        ReshapeTest::layoutCase,
        c -> assertLayoutPreserved(c.slice(), reshapeWithLimit(c.slice(), limit(c.limit()))));
  }

  @Test
  void aSliceWithGapsThatCannotFactorIsReportedNotReshaped() {
    // Four of five columns of two rows: strides [5, 1]; 4 factors into [2, 2] with strides
    // [2, 1], which 5 is not a multiple of.
    Slice gappy = Slice.of(1, List.of(2, 4), List.of(5, 1));
    GeometryException e =
        assertThrows(GeometryException.class, () -> reshapeWithLimit(gappy, limit(2)));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.NONRECTANGULAR_SHAPE);
    assertThat(e).hasMessageThat().contains("cannot reshape " + gappy + " with fan-out limit 2");
  }
}
