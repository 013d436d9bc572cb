package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_INDEX;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports of the point tests of upstream {@code ndslice/src/view.rs}. */
class PointTest {

  @Test
  void testPointIndexing() {
    Point point = Extent.of("x", 4, "y", 5, "z", 6).point(1, 2, 3);
    assertThat(point.coord(0)).isEqualTo(1);
    assertThat(point.coord(1)).isEqualTo(2);
    assertThat(point.coord(2)).isEqualTo(3);
  }

  @Test
  void testPointIndexingOutOfBounds() {
    Point point = Extent.of("x", 4, "y", 5).point(1, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> point.coord(5));
  }

  @Test
  void testPointIntoIter() {
    Point point = Extent.of("x", 4, "y", 5, "z", 6).point(1, 2, 3);
    assertThat(point.coords()).containsExactly(1, 2, 3).inOrder();
    assertThat(point.coords().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
  }

  @Test
  void testPointDisplay() {
    Extent extent = Extent.of("x", 4, "y", 5, "z", 6);
    assertThat(extent.point(1, 2, 3).toString()).isEqualTo("x=1/4,y=2/5,z=3/6");
    assertGeometryError(GeometryException.Kind.DIM_MISMATCH, () -> extent.point());
    assertThat(Extent.unity().point().toString()).isEmpty();
  }

  @Test
  void testPointDisplayWithQuotedLabels() {
    Extent ext = Extent.of("dim/0", 3, "dim,1", 5);
    assertThat(ext.toString()).isEqualTo("{\"dim/0\": 3, \"dim,1\": 5}");
    assertThat(ext.point(1, 2).toString()).isEqualTo("\"dim/0\"=1/3,\"dim,1\"=2/5");
  }

  @Test
  void testPointFromStrRoundTrip() {
    List<Point> points =
        List.of(
            Extent.of("x", 4, "y", 5, "z", 6).point(1, 2, 3),
            Extent.of("host", 2, "gpu", 8).point(0, 7),
            Extent.of().point(),
            Extent.of("x", 10).point(5));
    for (Point point : points) {
      assertThat(Point.parse(point.toString())).isEqualTo(point);
    }
  }

  @Test
  void testPointFromStrBasic() {
    assertThat(Point.parse("x=1/4,y=2/5")).isEqualTo(Extent.of("x", 4, "y", 5).point(1, 2));
    assertThat(Point.parse("host=0/2,gpu=7/8"))
        .isEqualTo(Extent.of("host", 2, "gpu", 8).point(0, 7));
    assertThat(Point.parse("z=3/6")).isEqualTo(Extent.of("z", 6).point(3));
    assertThat(Point.parse("")).isEqualTo(Extent.of().point());
    assertThat(Point.parse(" x = 1 / 4 , y = 2 / 5 "))
        .isEqualTo(Extent.of("x", 4, "y", 5).point(1, 2));
  }

  @Test
  void testPointFromStrQuoted() {
    Point point = Extent.of("dim/0", 3, "dim,1", 5).point(1, 2);
    String display = point.toString();
    assertThat(display).isEqualTo("\"dim/0\"=1/3,\"dim,1\"=2/5");
    assertThat(Point.parse(display)).isEqualTo(point);
    assertThat(Point.parse("\"dim/0\"=1/3,\"dim,1\"=2/5")).isEqualTo(point);
  }

  @Test
  void testPointFromStrErrorCases() {
    List<String> errorCases =
        List.of(
            "x=1,y=2/5",
            "x=1/4,y=2",
            "x=1/4,y=/5",
            "x=/4,y=2/5",
            "x=1/4,y=2/",
            "x=1/,y=2/5",
            "x=1/4=5,y=2/5",
            "x=1/4/6,y=2/5",
            "x=abc/4,y=2/5",
            "x=1/abc,y=2/5",
            "=1/4,y=2/5",
            "x=1/4,",
            "x=1/4,=2/5",
            "x=1/4,y",
            "x",
            "x=",
            "x=1/4,y=10/5",
            "\"\"=1/4");
    for (String input : errorCases) {
      GeometryException e = assertThrows(GeometryException.class, () -> Point.parse(input));
      assertThat(e).hasMessageThat().isNotEmpty();
    }
    assertThat(assertGeometryError(PARSE_ERROR, () -> Point.parse("x=1/4,")))
        .hasMessageThat()
        .contains("trailing comma");
    assertThat(assertGeometryError(PARSE_ERROR, () -> Point.parse("x=abc/4,y=2/5")))
        .hasMessageThat()
        .contains("invalid coordinate for dimension 'x': 'abc'");
    assertThat(assertGeometryError(PARSE_ERROR, () -> Point.parse("\"\"=1/4")))
        .hasMessageThat()
        .contains("empty quoted label");
  }

  @Test
  void testPointFromStrCoordinateValidation() {
    GeometryException e = assertGeometryError(OUT_OF_RANGE_INDEX, () -> Point.parse("x=5/4,y=2/5"));
    assertThat(e).hasMessageThat().contains("dim size 4; does not contain index 5");
  }

  @Test
  void testPointFromStrConsistencyValidation() {
    Point parsed = Point.parse("x=1/4,y=2/5,z=3/6");
    assertThat(parsed.extent().labels()).containsExactly("x", "y", "z").inOrder();
    assertThat(parsed.extent().sizes()).containsExactly(4, 5, 6).inOrder();
    assertThat(parsed.coords()).containsExactly(1, 2, 3).inOrder();
  }

  @Test
  void formatAsDictAndActorDisplayName() {
    assertThat(Extent.of("x", 2, "y", 3).point(1, 2).formatAsDict())
        .isEqualTo("{'x': 1/2, 'y': 2/3}");
    Point host0 = Extent.of("hosts", 2).point(0);
    assertThat(host0.formatAsDict()).isEqualTo("{'hosts': 0/2}");
    assertThat(Point.actorDisplayName("<m.C train>", host0)).isEqualTo("<m.C train{'hosts': 0/2}>");
    assertThat(Point.actorDisplayName("a>b>c", host0)).isEqualTo("a>b{'hosts': 0/2}>c");
    assertThat(Point.actorDisplayName("train", host0)).isEqualTo("train{'hosts': 0/2}");
    assertThat(Point.actorDisplayName("<m.C train>", Extent.unity().point()))
        .isEqualTo("<m.C train>");
  }

  @Test
  void pointCoordAndIterAgree() {
    SeededCases.forAll(
        201,
        100,
        random -> Generators.extent(random, 0, 4, 8),
        extent ->
            extent
                .points()
                .forEach(
                    p -> {
                      List<Integer> coords = p.coords();
                      assertThat(coords).hasSize(p.numDims());
                      for (int i = 0; i < coords.size(); i++) {
                        assertThat(p.coord(i)).isEqualTo(coords.get(i));
                      }
                    }));
  }

  @Test
  void pointDisplayParseRoundTrip() {
    SeededCases.forAll(
        202,
        100,
        random -> Generators.extent(random, 0, 4, 8),
        extent ->
            extent
                .points()
                .forEach(point -> assertThat(Point.parse(point.toString())).isEqualTo(point)));
  }

  @Test
  void pointDisplayParseRoundTripWithQuotedLabels() {
    SeededCases.forAll(
        203,
        200,
        random -> Generators.extentWithAnyLabels(random, 0, 3, 4),
        extent ->
            extent
                .points()
                .forEach(point -> assertThat(Point.parse(point.toString())).isEqualTo(point)));
  }
}
