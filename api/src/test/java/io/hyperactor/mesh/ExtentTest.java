package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.DIM_MISMATCH;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_LABEL;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_INDEX;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_RANK;
import static io.hyperactor.mesh.GeometryException.Kind.OVERLAPPING_LABEL;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ports of the extent tests of upstream {@code ndslice/src/view.rs} and {@code strategy.rs}. */
class ExtentTest {

  @Test
  void testPointsBasic() {
    Extent extent = Extent.of("x", 4, "y", 5, "z", 6);
    assertThat(extent.point(1, 2, 3)).isEqualTo(extent.point(List.of(1, 2, 3)));
    assertThat(extent.numRanks()).isEqualTo(4 * 5 * 6);

    Point p3 = extent.pointOfRank(0);
    assertThat(p3.coords()).containsExactly(0, 0, 0).inOrder();
    assertThat(p3.rank()).isEqualTo(0);
    Point p4 = extent.pointOfRank(1);
    assertThat(p4.coords()).containsExactly(0, 0, 1).inOrder();
    Point p5 = extent.pointOfRank(2);
    assertThat(p5.coords()).containsExactly(0, 0, 2).inOrder();

    Point p6 = extent.pointOfRank(6 * 5 + 1);
    assertThat(p6.coords()).containsExactly(1, 0, 1).inOrder();
    assertThat(p6.rank()).isEqualTo(6 * 5 + 1);
    assertThat(p6.coord(0)).isEqualTo(1);
    assertThat(p6.coord(1)).isEqualTo(0);
    assertThat(p6.coord(2)).isEqualTo(1);

    List<Point> points = extent.points().toList();
    assertThat(points).hasSize(4 * 5 * 6);
    for (int rank = 0; rank < points.size(); rank++) {
      List<Integer> c = points.get(rank).coords();
      assertThat(c.get(2) + c.get(1) * 6 + c.get(0) * 6 * 5).isEqualTo(rank);
      assertThat(points.get(rank).rank()).isEqualTo(rank);
    }
  }

  @Test
  void pointsIteratesRanksInRowMajorOrder() {
    Extent ext = Extent.of("x", 2, "y", 3, "z", 4);
    assertThat(ext.points().map(Point::rank).toList())
        .containsExactlyElementsIn(IntStream.range(0, 24).boxed().toList())
        .inOrder();
  }

  @Test
  void pointsIteratesSinglePointFor0dExtent() {
    Extent ext = Extent.of();
    List<Point> points = ext.points().toList();
    assertThat(points).hasSize(1);
    assertThat(points.get(0).rank()).isEqualTo(0);
    assertThat(points.get(0).extent()).isEqualTo(ext);
  }

  @Test
  void testExtentBasic() {
    Extent extent = Extent.of("x", 10, "y", 5, "z", 1);
    assertThat(extent.labels()).containsExactly("x", "y", "z").inOrder();
    assertThat(extent.sizes()).containsExactly(10, 5, 1).inOrder();
  }

  @Test
  void testExtentDisplay() {
    assertThat(Extent.of("x", 4, "y", 5, "z", 6).toString()).isEqualTo("{x: 4, y: 5, z: 6}");
    assertThat(Extent.of("dim/0", 4, "dim/1", 5).toString())
        .isEqualTo("{\"dim/0\": 4, \"dim/1\": 5}");
    assertThat(Extent.of(List.of(), List.of()).toString()).isEqualTo("{}");
  }

  @Test
  void extentLabelHelpers() {
    Extent e = Extent.of("zone", 3, "host", 2, "gpu", 4);
    for (int i = 0; i < e.numDims(); i++) {
      String label = e.labels().get(i);
      assertThat(e.position(label)).isEqualTo(OptionalInt.of(i));
      assertThat(e.size(label)).isEqualTo(OptionalInt.of(e.sizes().get(i)));
    }
    assertThat(e.position("nope")).isEqualTo(OptionalInt.empty());
    assertThat(e.size("nope")).isEqualTo(OptionalInt.empty());
  }

  @Test
  void testExtent0d() {
    Extent e = Extent.of(List.of(), List.of());
    assertThat(e.numRanks()).isEqualTo(1);
    List<Point> points = e.points().toList();
    assertThat(points).hasSize(1);
    assertThat(points.get(0).coords()).isEmpty();
    assertThat(points.get(0).rank()).isEqualTo(0);
  }

  @Test
  void extentUnityEquivTo0d() {
    Extent e = Extent.unity();
    assertThat(e.numDims()).isEqualTo(0);
    assertThat(e.numRanks()).isEqualTo(1);
    assertThat(e.points().map(Point::rank).toList()).containsExactly(0);
    assertThat(e).isEqualTo(Extent.of());
  }

  @Test
  void testExtentConcat() {
    Extent extent1 = Extent.of("x", 2, "y", 3);
    Extent extent2 = Extent.of("z", 4, "w", 5);

    Extent result = extent1.concat(extent2);
    assertThat(result.labels()).containsExactly("x", "y", "z", "w").inOrder();
    assertThat(result.sizes()).containsExactly(2, 3, 4, 5).inOrder();
    assertThat(result.numRanks()).isEqualTo(2 * 3 * 4 * 5);

    Extent empty = Extent.of();
    assertThat(extent1.concat(empty)).isEqualTo(extent1);
    assertThat(empty.concat(extent1)).isEqualTo(extent1);
    Extent none = empty.concat(empty);
    assertThat(none.labels()).isEmpty();
    assertThat(none.numRanks()).isEqualTo(1);

    assertThat(assertGeometryError(OVERLAPPING_LABEL, () -> extent1.concat(extent1)))
        .hasMessageThat()
        .contains("overlapping label found: x");

    Point point = result.point(1, 2, 3, 4);
    assertThat(point.coords()).containsExactly(1, 2, 3, 4).inOrder();
    assertThat(point.extent()).isEqualTo(result);

    Extent a = Extent.of("x", 2, "y", 3);
    Extent b = Extent.of("y", 3, "z", 4);
    assertThat(assertGeometryError(OVERLAPPING_LABEL, () -> a.concat(b)))
        .hasMessageThat()
        .contains("overlapping label found: y");

    Extent z = Extent.of("z", 4);
    assertThat(a.concat(z).labels()).containsExactly("x", "y", "z").inOrder();
    assertThat(z.concat(a).labels()).containsExactly("z", "x", "y").inOrder();

    Extent m = Extent.of("x", 2);
    Extent n = Extent.of("y", 3);
    Extent o = Extent.of("z", 4);
    Extent left = m.concat(n).concat(o);
    assertThat(left).isEqualTo(m.concat(n.concat(o)));
    assertThat(left.sizes()).containsExactly(2, 3, 4).inOrder();
  }

  @Test
  void constructionErrorsNameTheInput() {
    assertThat(
            assertGeometryError(DIM_MISMATCH, () -> Extent.of(List.of("x", "y"), List.of(1, 2, 3))))
        .hasMessageThat()
        .contains("label/sizes dimension mismatch: 2 != 3");
    assertThat(assertGeometryError(INVALID_LABEL, () -> Extent.of("", 3)))
        .hasMessageThat()
        .contains("empty dimension label");
    Extent e = Extent.of("x", 2, "y", 3);
    assertThat(assertGeometryError(DIM_MISMATCH, () -> e.point(1)))
        .hasMessageThat()
        .contains("dimension mismatch: expected 2, got 1");
    assertThat(assertGeometryError(OUT_OF_RANGE_INDEX, () -> e.point(1, 3)))
        .hasMessageThat()
        .contains("out of range: dim size 3; does not contain index 3");
    assertThat(assertGeometryError(OUT_OF_RANGE_RANK, () -> e.pointOfRank(6)))
        .hasMessageThat()
        .contains("out of range: total ranks 6; does not contain rank 6");
  }

  @Test
  void parseReadsTheDisplayForm() {
    assertThat(Extent.parse("{x: 4, y: 5}")).isEqualTo(Extent.of("x", 4, "y", 5));
    assertThat(Extent.parse(" {  }")).isEqualTo(Extent.unity());
    assertThat(Extent.parse("{\"dim/0\": 3, \"dim,1\": 5}"))
        .isEqualTo(Extent.of("dim/0", 3, "dim,1", 5));
    for (String bad : List.of("x: 4", "{x 4}", "{x: }", "{x: 4,}", "{x: 4} y", "{\"x: 4}")) {
      assertThat(assertGeometryError(PARSE_ERROR, () -> Extent.parse(bad)))
          .hasMessageThat()
          .contains(bad);
    }
  }

  // Properties of upstream view.rs and strategy.rs, over seeded random extents.

  private static Extent extent(SplittableRandom random) {
    return Generators.extent(random, 0, 4, 8);
  }

  private static Extent nonEmptyExtent(SplittableRandom random) {
    return Generators.extent(random, 1, 4, 8);
  }

  @Test
  void extentDisplayParseRoundTrip() {
    SeededCases.forAll(
        101,
        200,
        random -> Generators.extentWithAnyLabels(random, 0, 4, 8),
        extent -> assertThat(Extent.parse(extent.toString())).isEqualTo(extent));
  }

  @Test
  void pointsCountMatchesNumRanks() {
    SeededCases.forAll(
        102,
        100,
        ExtentTest::extent,
        extent -> assertThat(extent.points().count()).isEqualTo(extent.numRanks()));
  }

  @Test
  void rankOfCoordsDimMismatch() {
    SeededCases.forAll(
        103,
        100,
        ExtentTest::extent,
        extent -> {
          int want = extent.numDims();
          int wrong = want == 0 ? 1 : want - 1;
          GeometryException e =
              assertGeometryError(DIM_MISMATCH, () -> extent.rankOfCoords(new int[wrong]));
          assertThat(e).hasMessageThat().contains("expected " + want + ", got " + wrong);
        });
  }

  @Test
  void rankOfCoordsOutOfRangeIndex() {
    SeededCases.forAll(
        104,
        100,
        ExtentTest::nonEmptyExtent,
        extent -> {
          int[] coords = new int[extent.numDims()];
          coords[0] = extent.sizes().get(0);
          GeometryException e =
              assertGeometryError(OUT_OF_RANGE_INDEX, () -> extent.rankOfCoords(coords));
          assertThat(e)
              .hasMessageThat()
              .contains("dim size " + coords[0] + "; does not contain index " + coords[0]);
        });
  }

  @Test
  void pointOfRankOutOfRange() {
    SeededCases.forAll(
        105,
        100,
        ExtentTest::extent,
        extent -> {
          int total = extent.numRanks();
          GeometryException e =
              assertGeometryError(OUT_OF_RANGE_RANK, () -> extent.pointOfRank(total));
          assertThat(e)
              .hasMessageThat()
              .contains("total ranks " + total + "; does not contain rank " + total);
        });
  }

  @Test
  void pointsIteratorEquivalentToLegacyCartesian() {
    SeededCases.forAll(
        106,
        100,
        ExtentTest::extent,
        extent -> {
          int[] sizes = extent.sizes().stream().mapToInt(Integer::intValue).toArray();
          List<int[]> legacy = Slice.cartesian(sizes).toList();
          List<Point> points = extent.points().toList();
          assertThat(points).hasSize(legacy.size());
          for (int step = 0; step < legacy.size(); step++) {
            assertThat(points.get(step).rank()).isEqualTo(extent.rankOfCoords(legacy.get(step)));
            assertThat(points.get(step).coordArray()).isEqualTo(legacy.get(step));
          }
        });
  }

  @Test
  void rankIsInjectiveMonotonicAndBounded() {
    SeededCases.forAll(
        107,
        100,
        ExtentTest::nonEmptyExtent,
        extent -> {
          Set<Integer> seen = new HashSet<>();
          int last = -1;
          for (Point p : extent.points().toList()) {
            assertThat(seen.add(p.rank())).isTrue();
            assertThat(p.rank()).isGreaterThan(last);
            assertThat(p.rank()).isLessThan(extent.numRanks());
            last = p.rank();
          }
        });
  }

  @Test
  void rankPointTripAndCoordsToRankRoundtrip() {
    SeededCases.forAll(
        108,
        100,
        ExtentTest::extent,
        extent -> {
          for (int r = 0; r < extent.numRanks(); r++) {
            Point point = extent.pointOfRank(r);
            assertThat(point.rank()).isEqualTo(r);
            assertThat(extent.rankOfCoords(point.coordArray())).isEqualTo(r);
          }
        });
  }

  @Test
  void extentIsAViewOfItsRanks() {
    Extent extent = Extent.of("x", 4, "y", 4);
    assertThat(extent.get(15)).hasValue(15);
    assertThat(extent.get(16)).isEmpty();
    assertThat(extent.region().toString()).isEqualTo("x=4/4,y=4/1");
    assertThat(extent.extent()).isSameInstanceAs(extent);
  }
}
