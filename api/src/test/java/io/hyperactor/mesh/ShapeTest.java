package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INDEX_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIM;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;
import static io.hyperactor.mesh.GeometryException.Kind.VALUE_NOT_IN_SLICE;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code ndslice/src/shape.rs} tests. */
class ShapeTest {
  private static Shape shape(String l1, int s1, String l2, int s2) {
    return Shape.from(Extent.of(l1, s1, l2, s2));
  }

  @Test
  void testBasic() {
    Shape s = shape("host", 2, "gpu", 8);
    assertThat(s.labels()).containsExactly("host", "gpu").inOrder();
    assertThat(s.slice().offset()).isEqualTo(0);
    assertThat(s.slice().sizes()).containsExactly(2, 8).inOrder();
    assertThat(s.slice().strides()).containsExactly(8, 1).inOrder();
    assertThat(s.toString()).isEqualTo("{host=2,gpu=8}");
  }

  @Test
  void testSelect() {
    Shape s = shape("host", 2, "gpu", 8);
    assertThat(s.slice())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        .inOrder();
    assertThat(s.select("host", 1).slice()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15).inOrder();
    assertThat(s.select("gpu", Range.from(2)).slice())
        .containsExactly(2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15)
        .inOrder();
    assertThat(s.select("gpu", Range.of(3, 5)).slice()).containsExactly(3, 4, 11, 12).inOrder();
    assertThat(s.select("gpu", Range.of(3, 5)).select("host", 1).slice())
        .containsExactly(11, 12)
        .inOrder();
  }

  @Test
  void testSelectIter() {
    Shape s = Shape.from(Extent.of("replica", 2, "host", 2, "gpu", 8));
    List<Shape> selections = s.selectIter(2).toList();
    assertThat(selections).hasSize(4);
    for (Shape selection : selections) {
      assertThat(selection.slice().sizes()).containsExactly(1, 1, 8).inOrder();
    }
    assertThat(selections)
        .containsExactly(
            s.select("replica", 0).select("host", 0),
            s.select("replica", 0).select("host", 1),
            s.select("replica", 1).select("host", 0),
            s.select("replica", 1).select("host", 1))
        .inOrder();
    assertGeometryError(INDEX_OUT_OF_RANGE, () -> s.selectIter(0));
    assertGeometryError(INDEX_OUT_OF_RANGE, () -> s.selectIter(3));
  }

  @Test
  void testCoordinates() {
    Shape s = shape("host", 2, "gpu", 8);
    assertThat(s.coordinates(0))
        .containsExactly(Maps.immutableEntry("host", 0), Maps.immutableEntry("gpu", 0))
        .inOrder();
    assertThat(s.coordinates(1))
        .containsExactly(Maps.immutableEntry("host", 0), Maps.immutableEntry("gpu", 1))
        .inOrder();
    assertThat(s.coordinates(8))
        .containsExactly(Maps.immutableEntry("host", 1), Maps.immutableEntry("gpu", 0))
        .inOrder();
    assertThat(s.coordinates(9))
        .containsExactly(Maps.immutableEntry("host", 1), Maps.immutableEntry("gpu", 1))
        .inOrder();
    assertThat(assertGeometryError(VALUE_NOT_IN_SLICE, () -> s.coordinates(16)))
        .hasMessageThat()
        .contains("value 16 not in slice");
  }

  @Test
  void testSelectBad() {
    Shape s = shape("host", 2, "gpu", 8);
    assertThat(assertGeometryError(EMPTY_RANGE, () -> s.select("gpu", Range.of(1, 1))))
        .hasMessageThat()
        .contains("empty range 1:1:1");
    assertThat(assertGeometryError(OUT_OF_RANGE, () -> s.select("gpu", 8)))
        .hasMessageThat()
        .contains("out of range 8:9:1 for dimension gpu of size 8");
  }

  @Test
  void testShapeIndex() {
    int nHosts = 5;
    int nGpus = 7;
    Shape s = shape("host", nHosts, "gpu", nGpus);
    assertThat(s.index(ImmutableMap.of("host", 0)))
        .isEqualTo(Shape.of(List.of("gpu"), Slice.of(0, List.of(nGpus), List.of(1))));
    int offset = 1;
    assertThat(s.index(ImmutableMap.of("gpu", offset)))
        .isEqualTo(Shape.of(List.of("host"), Slice.of(offset, List.of(nHosts), List.of(nGpus))));

    int nZone = 2;
    Shape zoned = Shape.from(Extent.of("zone", nZone, "host", nHosts, "gpu", nGpus));
    int hostIndex = 3;
    assertThat(zoned.index(ImmutableMap.of("host", hostIndex)))
        .isEqualTo(
            Shape.of(
                List.of("zone", "gpu"),
                Slice.of(hostIndex * nGpus, List.of(nZone, nGpus), List.of(nHosts * nGpus, 1))));

    Shape gpus = Shape.from(Extent.of("gpu", nGpus));
    assertGeometryError(OUT_OF_RANGE, () -> gpus.index(ImmutableMap.of("gpu", nGpus)));
    assertGeometryError(INVALID_DIM, () -> gpus.index(ImmutableMap.of("non-exist-dim", 0)));
  }

  @Test
  void testShapeSelectStrideRounding() {
    Shape sub = Shape.from(Extent.of("x", 10)).select("x", Range.of(0, 10, 3));
    assertThat(sub.slice()).isEqualTo(Slice.of(0, List.of(4), List.of(3)));
  }

  @Test
  void testShapeAtRemovesDimension() {
    Shape shape = Shape.of(List.of("batch", "height", "width"), Slice.rowMajor(2, 3, 4));
    Shape result = shape.at("batch", 1);
    assertThat(result.labels()).containsExactly("height", "width").inOrder();
    assertThat(result.slice().sizes()).containsExactly(3, 4).inOrder();
    assertThat(result.slice().offset()).isEqualTo(12);
  }

  @Test
  void testShapeAtMiddleDimension() {
    Shape shape = Shape.of(List.of("batch", "height", "width"), Slice.rowMajor(2, 3, 4));
    Shape result = shape.at("height", 1);
    assertThat(result.labels()).containsExactly("batch", "width").inOrder();
    assertThat(result.slice().sizes()).containsExactly(2, 4).inOrder();
    assertThat(result.slice().offset()).isEqualTo(4);
  }

  @Test
  void testShapeAtInvalidLabel() {
    Shape shape = Shape.of(List.of("batch", "height"), Slice.rowMajor(2, 3));
    assertThat(assertGeometryError(INVALID_DIM, () -> shape.at("nonexistent", 0)))
        .hasMessageThat()
        .contains("invalid labels `[\"nonexistent\"]`");
  }

  @Test
  void testShapeAtIndexOutOfRange() {
    Shape shape = Shape.of(List.of("batch", "height"), Slice.rowMajor(2, 3));
    assertThat(assertGeometryError(OUT_OF_RANGE, () -> shape.at("batch", 5)))
        .hasMessageThat()
        .contains("out of range 5:6:1 for dimension batch of size 2");
  }

  @Test
  void testShapeFromStrRoundTrip() {
    List<Shape> cases =
        List.of(
            shape("host", 2, "gpu", 8),
            Shape.from(Extent.of("x", 1)),
            Shape.from(Extent.of("batch", 10, "height", 224, "width", 224, "channels", 3)),
            Shape.unity());
    for (Shape original : cases) {
      assertThat(Shape.parse(original.toString())).isEqualTo(original);
    }
  }

  @Test
  void testShapeFromStrValidCases() {
    assertThat(Shape.parse("{host=2,gpu=8}")).isEqualTo(shape("host", 2, "gpu", 8));
    assertThat(Shape.parse("{x=1}")).isEqualTo(Shape.from(Extent.of("x", 1)));
    assertThat(Shape.parse("{ host = 2 , gpu = 8 }")).isEqualTo(shape("host", 2, "gpu", 8));
    assertThat(Shape.parse("{}")).isEqualTo(Shape.unity());
  }

  @Test
  void testShapeFromStrErrorCases() {
    List<String> errorCases =
        List.of(
            "host=2,gpu=8",
            "{host=2,gpu=8",
            "host=2,gpu=8}",
            "{host=2,gpu=}",
            "{host=,gpu=8}",
            "{host=2=3,gpu=8}",
            "{host=abc,gpu=8}",
            "{host=2,}",
            "{=8}");
    for (String input : errorCases) {
      assertThat(assertGeometryError(PARSE_ERROR, () -> Shape.parse(input)))
          .hasMessageThat()
          .contains(input);
    }
  }

  @Test
  void convertsToAndFromRegion() {
    Shape sliced = shape("host", 2, "gpu", 8).select("gpu", Range.of(2, 4));
    Region region = Region.from(sliced);
    assertThat(region.slice()).isEqualTo(sliced.slice());
    assertThat(Shape.from(region)).isEqualTo(sliced);
    assertThat(sliced.extent()).isEqualTo(Extent.of("host", 2, "gpu", 2));
  }
}
