package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIM;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ports of the view tests of upstream {@code ndslice/src/view.rs} (ranges, groups, values). */
class ViewTest {

  /**
   * Asserts that {@code view} has {@code extent} and yields, in order, the points and base ranks of
   * {@code rows}: each row is the coordinates followed by the base rank.
   */
  static void assertView(Region view, Extent extent, int[]... rows) {
    assertThat(view.extent()).isEqualTo(extent);
    List<View.Entry<Integer>> expected = new ArrayList<>();
    for (int[] row : rows) {
      int[] coords = Arrays.copyOf(row, row.length - 1);
      expected.add(new View.Entry<>(extent.point(coords), row[row.length - 1]));
    }
    assertThat(view.entries().toList()).containsExactlyElementsIn(expected).inOrder();
  }

  private static int[] r(int... values) {
    return values;
  }

  @Test
  void testViewBasic() {
    Extent extent = Extent.of("x", 4, "y", 4);
    assertView(
        extent.range("x", Range.of(0, 2)),
        Extent.of("x", 2, "y", 4),
        r(0, 0, 0),
        r(0, 1, 1),
        r(0, 2, 2),
        r(0, 3, 3),
        r(1, 0, 4),
        r(1, 1, 5),
        r(1, 2, 6),
        r(1, 3, 7));
    assertView(
        extent.range("x", 1).range("y", Range.from(2)),
        Extent.of("x", 1, "y", 2),
        r(0, 0, 6),
        r(0, 1, 7));
    assertView(
        extent.range("y", Range.from(0, 2)),
        Extent.of("x", 4, "y", 2),
        r(0, 0, 0),
        r(0, 1, 2),
        r(1, 0, 4),
        r(1, 1, 6),
        r(2, 0, 8),
        r(2, 1, 10),
        r(3, 0, 12),
        r(3, 1, 14));
    assertView(
        extent.range("y", Range.from(0, 2)).range("x", Range.from(2)),
        Extent.of("x", 2, "y", 2),
        r(0, 0, 8),
        r(0, 1, 10),
        r(1, 0, 12),
        r(1, 1, 14));

    Extent tall = Extent.of("x", 10, "y", 2);
    assertView(
        tall.range("x", Range.from(0, 2)),
        Extent.of("x", 5, "y", 2),
        r(0, 0, 0),
        r(0, 1, 1),
        r(1, 0, 4),
        r(1, 1, 5),
        r(2, 0, 8),
        r(2, 1, 9),
        r(3, 0, 12),
        r(3, 1, 13),
        r(4, 0, 16),
        r(4, 1, 17));
    assertView(
        tall.range("x", Range.from(0, 2)).range("x", Range.from(2)).range("y", 1),
        Extent.of("x", 3, "y", 1),
        r(0, 0, 9),
        r(1, 0, 13),
        r(2, 0, 17));

    Extent zoned = Extent.of("zone", 4, "host", 2, "gpu", 8);
    assertView(
        zoned.range("zone", 0).range("gpu", Range.from(0, 2)),
        Extent.of("zone", 1, "host", 2, "gpu", 4),
        r(0, 0, 0, 0),
        r(0, 0, 1, 2),
        r(0, 0, 2, 4),
        r(0, 0, 3, 6),
        r(0, 1, 0, 8),
        r(0, 1, 1, 10),
        r(0, 1, 2, 12),
        r(0, 1, 3, 14));

    assertView(Extent.of("x", 3).range("x", Range.from(0, 2)), Extent.of("x", 2), r(0, 0), r(1, 2));
  }

  @Test
  void rangeErrorsNameTheDimension() {
    Extent extent = Extent.of("x", 4, "y", 4);
    assertThat(assertGeometryError(INVALID_DIM, () -> extent.range("z", 0)))
        .hasMessageThat()
        .contains("no such dimension: z");
    assertThat(assertGeometryError(EMPTY_RANGE, () -> extent.range("x", 4)))
        .hasMessageThat()
        .contains("empty range: 4:5:1 for dimension x of size 4");
    assertThat(assertGeometryError(EMPTY_RANGE, () -> extent.range("x", Range.of(2, 2))))
        .hasMessageThat()
        .contains("empty range: 2:2:1 for dimension x of size 4");
  }

  @Test
  void aStepThatBreaksRectangularityIsRejected() {
    // A step of 3 over 8 GPUs would need a stride of 3 inside a host stride of 8.
    GeometryException e =
        assertGeometryError(
            GeometryException.Kind.NONRECTANGULAR_SHAPE,
            () -> Extent.of("hosts", 4, "gpus", 8).range("gpus", Range.from(1, 3)));
    assertThat(e).hasMessageThat().contains("range 1::3 of dimension gpus");
  }

  @Test
  void sliceFixesOneLabelAndRemovesIt() {
    Extent extent = Extent.of("hosts", 4, "gpus", 8);
    Region host1 = extent.slice("hosts", 1);
    assertThat(host1.extent()).isEqualTo(Extent.of("gpus", 8));
    assertThat(host1.values().toList())
        .containsExactlyElementsIn(IntStream.range(8, 16).boxed().toList())
        .inOrder();
    Region gpu3 = host1.slice("gpus", 3);
    assertThat(gpu3.extent()).isEqualTo(Extent.unity());
    assertThat(gpu3.values().toList()).containsExactly(11);
    assertThat(gpu3.toString()).isEqualTo("11+");

    // A range keeps the dimension; slicing with a range is the same.
    assertThat(extent.slice("gpus", Range.of(2, 4)))
        .isEqualTo(extent.range("gpus", Range.of(2, 4)));
    assertThat(extent.slice("gpus", Range.of(2, 4)).extent())
        .isEqualTo(Extent.of("hosts", 4, "gpus", 2));

    assertThat(assertGeometryError(OUT_OF_RANGE, () -> extent.slice("hosts", 4)))
        .hasMessageThat()
        .contains("index 4 out of range for dimension hosts of size 4");
    assertGeometryError(INVALID_DIM, () -> extent.slice("racks", 0));
  }

  @Test
  void testRelativePoint() {
    Shape root = Shape.from(Extent.of("replicas", 4, "hosts", 4, "gpus", 4));
    Shape sliced =
        root.select("replicas", Range.of(0, 4, 3))
            .select("hosts", Range.of(1, 4, 2))
            .select("gpus", Range.of(0, 4, 2));
    List<Integer> ranksOnRoot = List.of(4, 6, 12, 14, 52, 54, 60, 62);
    assertThat(sliced.slice()).containsExactlyElementsIn(ranksOnRoot).inOrder();
    // Root rank to sliced rank: extent.point(slice.coordinates(rootRank)).rank.
    List<Integer> ranksOnSliced = new ArrayList<>();
    for (int rank : ranksOnRoot) {
      ranksOnSliced.add(sliced.extent().point(sliced.slice().coordinates(rank)).rank());
    }
    assertThat(ranksOnSliced).containsExactly(0, 1, 2, 3, 4, 5, 6, 7).inOrder();
  }

  @Test
  void testIterSubviews() {
    Extent extent = Extent.of("zone", 4, "host", 4, "gpu", 8);
    assertThat(extent.groupBy("gpu").count()).isEqualTo(16);
    assertThat(extent.groupBy("zone").count()).isEqualTo(1);

    List<Region> parts = extent.groupBy("gpu").toList();
    assertView(
        parts.get(0),
        Extent.of("gpu", 8),
        r(0, 0),
        r(1, 1),
        r(2, 2),
        r(3, 3),
        r(4, 4),
        r(5, 5),
        r(6, 6),
        r(7, 7));
    assertView(
        parts.get(1),
        Extent.of("gpu", 8),
        r(0, 8),
        r(1, 9),
        r(2, 10),
        r(3, 11),
        r(4, 12),
        r(5, 13),
        r(6, 14),
        r(7, 15));

    // The example of upstream's group_by documentation.
    List<Region> zones = Extent.of("zone", 4, "host", 2, "gpu", 8).groupBy("host").toList();
    assertThat(zones).hasSize(4);
    assertThat(zones.get(0).extent()).isEqualTo(Extent.of("host", 2, "gpu", 8));
    assertThat(zones.get(1).entries().findFirst().orElseThrow())
        .isEqualTo(new View.Entry<>(Extent.of("host", 2, "gpu", 8).point(0, 0), 16));
  }

  @Test
  void testViewValues() {
    Extent extent = Extent.of("x", 4, "y", 4);
    assertThat(extent.values().toList())
        .containsExactlyElementsIn(IntStream.range(0, 16).boxed().toList())
        .inOrder();
    assertThat(extent.range("y", 1).values().toList()).containsExactly(1, 5, 9, 13).inOrder();
  }

  @Test
  void regionIsSubsetAlgebra() {
    Extent e = Extent.of("x", 5, "y", 4);
    Region a = e.range("x", Range.of(1, 4));
    Region b = a.range("y", Range.of(1, 3));
    Region c = e.range("x", Range.of(0, 2));

    assertThat(b.isSubset(a)).isTrue();
    assertThat(b.isSubset(e.region())).isTrue();
    assertThat(a.isSubset(e.region())).isTrue();
    assertThat(c.isSubset(a)).isFalse();
    assertThat(c.isSubset(e.region())).isTrue();

    assertThat(assertGeometryError(INVALID_RANGE, () -> a.subset(c)))
        .hasMessageThat()
        .contains("not a subset of base");
  }

  @Test
  void testRemap() {
    Region region = Extent.of("x", 4, "y", 4).region();
    assertThat(region.remap(region).orElseThrow())
        .containsExactlyElementsIn(IntStream.range(0, 16).boxed().toList())
        .inOrder();

    Region subset = region.range("x", Range.from(2));
    assertThat(subset.numRanks()).isEqualTo(8);
    assertThat(region.remap(subset).orElseThrow())
        .containsExactly(8, 9, 10, 11, 12, 13, 14, 15)
        .inOrder();

    Region column = subset.range("y", 1);
    assertThat(column.numRanks()).isEqualTo(2);
    assertThat(region.remap(column).orElseThrow()).containsExactly(9, 13).inOrder();

    Extent ext = Extent.of("replica", 8, "gpu", 4);
    Region replica1 = ext.range("replica", 1);
    assertThat(replica1.extent()).isEqualTo(Extent.of("replica", 1, "gpu", 4));
    Region replica1Gpu12 = replica1.range("gpu", Range.of(1, 3));
    assertThat(replica1Gpu12.extent()).isEqualTo(Extent.of("replica", 1, "gpu", 2));
    assertThat(replica1.remap(replica1Gpu12).orElseThrow()).containsExactly(1, 2).inOrder();

    // Not a subset: no remapping.
    assertThat(replica1Gpu12.remap(replica1)).isEmpty();
  }

  @Test
  void testBaseLocalRankConversion() {
    Extent extent = Extent.of("replicas", 4, "gpus", 2);
    Region region = extent.range("replicas", Range.of(1, 3));
    // A point of another extent is rejected.
    assertThat(
            assertGeometryError(
                GeometryException.Kind.INVALID_POINT,
                () -> region.baseRankOfPoint(extent.pointOfRank(0))))
        .hasMessageThat()
        .contains("does not belong to this region");
    for (int i = 0; i < 4; i++) {
      Point p = region.extent().pointOfRank(i);
      assertThat(region.baseRankOfPoint(p)).isEqualTo(i + 2);
      assertThat(region.pointOfBaseRank(i + 2)).isEqualTo(p);
    }
    assertGeometryError(
        GeometryException.Kind.OUT_OF_RANGE_BASE_RANK, () -> region.pointOfBaseRank(1));
    assertGeometryError(
        GeometryException.Kind.OUT_OF_RANGE_BASE_RANK, () -> region.pointOfBaseRank(6));

    Region subset = region.range("replicas", Range.of(1, 2)).range("gpus", Range.of(1, 2));
    Point only = subset.extent().pointOfRank(0);
    assertThat(subset.baseRankOfPoint(only)).isEqualTo(5);
    assertThat(subset.pointOfBaseRank(5)).isEqualTo(only);
    assertGeometryError(
        GeometryException.Kind.OUT_OF_RANGE_BASE_RANK, () -> subset.pointOfBaseRank(4));
    assertGeometryError(
        GeometryException.Kind.OUT_OF_RANGE_BASE_RANK, () -> subset.pointOfBaseRank(6));
  }

  @Test
  void viewRankMapsToBaseRankAndBack() {
    // Invariant 1.11.1 on a strided region of a sliced mesh.
    Region region =
        Extent.of("hosts", 4, "gpus", 8)
            .range("gpus", Range.from(1, 2))
            .range("hosts", Range.of(1, 4));
    for (int i = 0; i < region.numRanks(); i++) {
      int base = region.get(i).orElseThrow();
      assertThat(region.pointOfBaseRank(base).rank()).isEqualTo(i);
    }
    assertThat(region.get(region.numRanks())).isEmpty();
  }
}
