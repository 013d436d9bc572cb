package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.DIMENSION_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INCOMPATIBLE_VIEW;
import static io.hyperactor.mesh.GeometryException.Kind.INDEX_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIMS;
import static io.hyperactor.mesh.GeometryException.Kind.NONRECTANGULAR_SHAPE;
import static io.hyperactor.mesh.GeometryException.Kind.NONUNIQUE_STRIDES;
import static io.hyperactor.mesh.GeometryException.Kind.STRIDE_TOO_SMALL;
import static io.hyperactor.mesh.GeometryException.Kind.VALUE_NOT_IN_SLICE;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Ports of upstream {@code ndslice/src/slice.rs} tests, plus the validation rules of §1.1. */
class SliceTest {

  static GeometryException assertGeometryError(GeometryException.Kind kind, Executable call) {
    GeometryException e = assertThrows(GeometryException.class, call);
    assertThat(e.kind()).isEqualTo(kind);
    return e;
  }

  @Test
  void testCartesianIterator() {
    assertThat(Slice.rowMajor(2, 2, 2).dimIter(3).toList())
        .containsExactly(
            List.of(0, 0, 0),
            List.of(0, 0, 1),
            List.of(0, 1, 0),
            List.of(0, 1, 1),
            List.of(1, 0, 0),
            List.of(1, 0, 1),
            List.of(1, 1, 0),
            List.of(1, 1, 1))
        .inOrder();
  }

  @Test
  void testSlice() {
    Slice s = Slice.of(0, List.of(2, 3), List.of(3, 1));
    for (int i = 0; i < 4; i++) {
      assertThat(s.get(i)).isEqualTo(i);
    }
    int current = 0;
    for (int index : s) {
      assertThat(index).isEqualTo(current++);
    }

    s = Slice.of(0, List.of(3, 4, 5), List.of(20, 5, 1));
    assertThat(s.get(3 * 4 + 1)).isEqualTo(13);

    s = Slice.of(0, List.of(2, 2, 2), List.of(4, 32, 1));
    assertThat(IntStream.range(0, 8).map(s::get).boxed().toList())
        .containsExactly(0, 1, 32, 33, 4, 5, 36, 37)
        .inOrder();

    s = Slice.of(0, List.of(2, 2, 2), List.of(32, 4, 1));
    assertThat(s.get(0)).isEqualTo(0);
    assertThat(s.get(1)).isEqualTo(1);
    assertThat(s.get(2)).isEqualTo(4);
    assertThat(s.get(4)).isEqualTo(32);
  }

  @Test
  void testSliceIter() {
    assertThat(Slice.of(0, List.of(2, 3), List.of(3, 1)))
        .containsExactly(0, 1, 2, 3, 4, 5)
        .inOrder();

    Slice s = Slice.of(10, List.of(10, 2), List.of(10, 5));
    List<Integer> expected = new ArrayList<>();
    for (int v = 10; v <= 105; v += 5) {
      expected.add(v);
    }
    assertThat(s).containsExactlyElementsIn(expected).inOrder();
    // Iteration agrees with get.
    assertThat(s.stream().boxed().toList())
        .isEqualTo(IntStream.range(0, s.length()).map(s::get).boxed().toList());
  }

  @Test
  void testDimSliceIter() {
    assertThat(Slice.of(0, List.of(2, 3), List.of(3, 1)).dimIter(1).toList())
        .containsExactly(List.of(0), List.of(1))
        .inOrder();
  }

  @Test
  void testSliceCoordinates() {
    Slice s = Slice.of(0, List.of(2, 3), List.of(3, 1));
    assertThat(s.coordinates(0)).containsExactly(0, 0).inOrder();
    assertThat(s.coordinates(3)).containsExactly(1, 0).inOrder();
    assertThat(assertGeometryError(VALUE_NOT_IN_SLICE, () -> s.coordinates(6)))
        .hasMessageThat()
        .contains("value 6 not in slice");

    Slice offset = Slice.of(10, List.of(2, 3), List.of(3, 1));
    assertGeometryError(VALUE_NOT_IN_SLICE, () -> offset.coordinates(6));
    assertThat(offset.coordinates(10)).containsExactly(0, 0).inOrder();
    assertThat(offset.coordinates(13)).containsExactly(1, 0).inOrder();

    Slice ones = Slice.of(0, List.of(2, 1, 1), List.of(1, 1, 1));
    assertThat(ones.coordinates(1)).containsExactly(1, 0, 0).inOrder();
  }

  @Test
  void testSliceIndex() {
    Slice s = Slice.of(0, List.of(2, 3), List.of(3, 1));
    assertThat(s.index(3)).isEqualTo(3);
    assertGeometryError(VALUE_NOT_IN_SLICE, () -> s.index(14));

    assertThat(Slice.of(0, List.of(2, 2), List.of(4, 2)).index(2)).isEqualTo(1);
  }

  @Test
  void testSliceSizeOne() {
    assertThat(Slice.of(0, List.of(1, 1), List.of(1, 1)).get(0)).isEqualTo(0);
  }

  @Test
  void testRowMajor() {
    Slice s = Slice.rowMajor(4, 4, 4);
    assertThat(s.offset()).isEqualTo(0);
    assertThat(s.sizes()).containsExactly(4, 4, 4).inOrder();
    assertThat(s.strides()).containsExactly(16, 4, 1).inOrder();
  }

  @Test
  void testSliceViewSmoke() {
    Slice base = Slice.rowMajor(2, 3, 4);

    Slice view = base.view(6, 4);
    assertThat(view.sizes()).containsExactly(6, 4).inOrder();
    assertThat(view.offset()).isEqualTo(0);
    assertThat(view.strides()).containsExactly(4, 1).inOrder();
    assertThat(view.location(5, 3)).isEqualTo(base.location(1, 2, 3));

    Slice identity = base.view(2, 3, 4);
    assertThat(identity.sizes()).isEqualTo(base.sizes());
    assertThat(identity.strides()).isEqualTo(base.strides());

    assertThat(assertGeometryError(INCOMPATIBLE_VIEW, () -> base.view(5, 4)))
        .hasMessageThat()
        .contains("element count mismatch: base has 24, view wants 20");

    Slice selected = Slice.of(1, List.of(2, 3), List.of(6, 1));
    assertThat(assertGeometryError(INCOMPATIBLE_VIEW, () -> selected.view(3, 2)))
        .hasMessageThat()
        .contains("view requires base offset = 0, but found 1");

    Slice flat = base.view(24);
    assertThat(flat.sizes()).containsExactly(24);
    assertThat(flat.strides()).containsExactly(1);
    assertThat(flat.location(23)).isEqualTo(base.location(1, 2, 3));
  }

  @Test
  void testViewOfViewWhenDense() {
    Slice base = Slice.rowMajor(2, 3, 4);
    Slice flat = base.view(24);
    assertThat(flat.sizes()).containsExactly(24);
    assertThat(flat.strides()).containsExactly(1);
    assertThat(flat.offset()).isEqualTo(0);

    Slice reshaped = flat.view(6, 4);
    assertThat(reshaped.sizes()).containsExactly(6, 4).inOrder();
    assertThat(reshaped.strides()).containsExactly(4, 1).inOrder();
    assertThat(reshaped.offset()).isEqualTo(0);
    assertThat(reshaped.location(5, 3)).isEqualTo(base.location(1, 2, 3));
  }

  @Test
  void testAt1dTo0d() {
    Slice slice = Slice.rowMajor(5);
    assertThat(slice.numDims()).isEqualTo(1);
    Slice result = slice.at(0, 3);
    assertThat(result.numDims()).isEqualTo(0);
    assertThat(result.sizes()).isEmpty();
    assertThat(result.strides()).isEmpty();
    assertThat(result.offset()).isEqualTo(3);
    assertThat(result.location()).isEqualTo(3);
  }

  @Test
  void testAt2dTo1d() {
    Slice slice = Slice.rowMajor(3, 4);
    assertThat(slice.strides()).containsExactly(4, 1).inOrder();
    Slice result = slice.at(0, 1);
    assertThat(result.numDims()).isEqualTo(1);
    assertThat(result.sizes()).containsExactly(4);
    assertThat(result.strides()).containsExactly(1);
    assertThat(result.offset()).isEqualTo(4);
  }

  @Test
  void testAt3dTo2d() {
    Slice slice = Slice.rowMajor(2, 3, 4);
    assertThat(slice.strides()).containsExactly(12, 4, 1).inOrder();
    Slice result = slice.at(0, 1);
    assertThat(result.numDims()).isEqualTo(2);
    assertThat(result.sizes()).containsExactly(3, 4).inOrder();
    assertThat(result.strides()).containsExactly(4, 1).inOrder();
    assertThat(result.offset()).isEqualTo(12);
  }

  @Test
  void atRejectsBadDimensionAndIndex() {
    Slice slice = Slice.rowMajor(3, 4);
    assertThat(assertGeometryError(DIMENSION_OUT_OF_RANGE, () -> slice.at(2, 0)))
        .hasMessageThat()
        .contains("dimension 2 out of range for 2-dimensional slice");
    assertThat(assertGeometryError(INDEX_OUT_OF_RANGE, () -> slice.at(1, 4)))
        .hasMessageThat()
        .contains("index 4 out of range 4");
  }

  @Test
  void testGetIndexInverseRelationship() {
    Slice m = Slice.rowMajor(3, 3);
    assertThat(m.offset()).isEqualTo(0);
    assertThat(m.strides()).containsExactly(3, 1).inOrder();
    for (int loc : m) {
      assertThat(m.index(loc)).isEqualTo(loc);
      assertThat(m.get(m.index(loc))).isEqualTo(loc);
    }

    // The middle column: 1, 4, 7.
    Slice c = m.select(1, 1, 2, 1);
    assertThat(c.sizes()).containsExactly(3, 1).inOrder();
    assertThat(c.strides()).containsExactly(3, 1).inOrder();
    for (int loc : c) {
      assertThat(c.index(loc)).isNotEqualTo(loc);
      assertThat(c.get(c.index(loc))).isEqualTo(loc);
    }
  }

  @Test
  void embeddingSucceedsForContainedView() {
    Slice base = Slice.of(0, List.of(4, 4), List.of(4, 1));
    Slice view = Slice.of(5, List.of(2, 2), List.of(4, 1));
    assertThat(view.enforceEmbedding(base)).isSameInstanceAs(view);
  }

  @Test
  void embeddingFailsForOutOfBoundsView() {
    Slice base = Slice.of(0, List.of(4, 4), List.of(4, 1));
    Slice view = Slice.of(14, List.of(2, 2), List.of(4, 1));
    assertThat(assertGeometryError(VALUE_NOT_IN_SLICE, () -> view.enforceEmbedding(base)))
        .hasMessageThat()
        .contains("value 18 not in slice");
  }

  @Test
  void subviewAndEmbedding() {
    Slice base = Slice.of(0, List.of(4, 4), List.of(4, 1));
    Slice view = base.subview(List.of(1, 1), List.of(2, 2));
    assertThat(view.enforceEmbedding(base).length()).isEqualTo(4);
    assertThat(view).containsExactly(5, 6, 9, 10).inOrder();
    assertGeometryError(
        VALUE_NOT_IN_SLICE, () -> view.enforceEmbedding(Slice.of(0, List.of(2, 2), List.of(2, 1))));
    assertGeometryError(INDEX_OUT_OF_RANGE, () -> base.subview(List.of(3, 0), List.of(2, 1)));
  }

  @Test
  void constructionValidatesStrides() {
    assertThat(assertGeometryError(INVALID_DIMS, () -> Slice.of(0, List.of(2, 3), List.of(1))))
        .hasMessageThat()
        .contains("invalid dims: expected 2, got 1");
    assertThat(
            assertGeometryError(
                NONRECTANGULAR_SHAPE, () -> Slice.of(0, List.of(2, 2), List.of(3, 2))))
        .hasMessageThat()
        .contains("stride 3 is not a multiple of stride 2");
    assertGeometryError(NONUNIQUE_STRIDES, () -> Slice.of(0, List.of(2, 2), List.of(2, 2)));
    assertThat(
            assertGeometryError(STRIDE_TOO_SMALL, () -> Slice.of(0, List.of(3, 4), List.of(2, 1))))
        .hasMessageThat()
        .contains("stride 2 must be larger than size of previous space 4");
    // A stride of 0 cannot hold the previous space of 1.
    assertGeometryError(STRIDE_TOO_SMALL, () -> Slice.of(0, List.of(2), List.of(0)));
    // Size-1 dimensions may share strides.
    assertThat(Slice.of(0, List.of(2, 1, 1), List.of(1, 1, 1)).length()).isEqualTo(2);
  }

  @Test
  void lengthContiguityAndDisplay() {
    assertThat(Slice.rowMajor().length()).isEqualTo(1);
    assertThat(Slice.rowMajor(3, 0).isEmpty()).isTrue();
    assertThat(Slice.rowMajor(3, 0)).isEmpty();
    assertThat(Slice.rowMajor(2, 3).isContiguous()).isTrue();
    assertThat(Slice.of(7, List.of(2, 3), List.of(3, 1)).isContiguous()).isTrue();
    assertThat(Slice.of(0, List.of(2, 3), List.of(6, 1)).isContiguous()).isFalse();
    assertThat(Slice.singleMultiDimCell(3).length()).isEqualTo(1);
    assertThat(Slice.rowMajor(2, 3).toString())
        .isEqualTo("Slice { offset: 0, sizes: [2, 3], strides: [3, 1] }");
    assertGeometryError(INDEX_OUT_OF_RANGE, () -> Slice.rowMajor(2, 3).get(6));
  }
}
