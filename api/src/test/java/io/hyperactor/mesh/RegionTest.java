package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.DIM_MISMATCH;
import static io.hyperactor.mesh.GeometryException.Kind.NONRECTANGULAR_SHAPE;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Region display and parsing: the region properties of upstream {@code ndslice/src/view.rs}. */
class RegionTest {

  @Test
  void displayMatchesTheSpec() {
    Region whole = Extent.of("x", 4, "y", 4).region();
    assertThat(whole.toString()).isEqualTo("x=4/4,y=4/1");
    assertThat(whole.range("x", Range.of(1, 3)).range("y", Range.of(2, 4)).toString())
        .isEqualTo("6+x=2/4,y=2/1");
    Region quoted = Region.of(List.of("dim/0", "dim,1"), Slice.of(8, List.of(4, 5), List.of(1, 4)));
    assertThat(quoted.toString()).isEqualTo("8+\"dim/0\"=4/1,\"dim,1\"=5/4");
    assertThat(Region.parse(quoted.toString())).isEqualTo(quoted);
  }

  @Test
  void parseAcceptsTheDocumentedForms() {
    Region r = Region.parse("x=2/1,y=3/2");
    assertThat(r.labels()).containsExactly("x", "y").inOrder();
    Region q = Region.parse("8+\"dim/0\"=4/1");
    assertThat(q.labels()).containsExactly("dim/0");
    assertThat(q.slice().offset()).isEqualTo(8);
    assertThat(Region.parse("")).isEqualTo(Region.of(List.of(), Slice.rowMajor()));
    // A label made of digits is a label, not an offset.
    Region digits = Region.of(List.of("0", "1"), Slice.rowMajor(2, 3));
    assertThat(digits.toString()).isEqualTo("0=2/3,1=3/1");
    assertThat(Region.parse(digits.toString())).isEqualTo(digits);
  }

  @Test
  void parseErrorsNameTheInput() {
    for (String bad : List.of("x=2", "x=2/", "x=a/1", "x=2/1,", "x=2/1 y=3/1", "+x=2/1", "x/2=1")) {
      GeometryException e = assertGeometryError(PARSE_ERROR, () -> Region.parse(bad));
      assertThat(e).hasMessageThat().contains(bad);
    }
    // Well-formed text describing an invalid slice fails as the slice does.
    assertGeometryError(NONRECTANGULAR_SHAPE, () -> Region.parse("x=2/3,y=2/2"));
    assertGeometryError(DIM_MISMATCH, () -> Region.of(List.of("x"), Slice.rowMajor(2, 2)));
  }

  private static Region stridedRegion(SplittableRandom random) {
    return Generators.stridedRegion(random, 1, 4, 6, 3);
  }

  @Test
  void testRegionParser() {
    // Upstream draws sizes up to 1024; ranks are ints here, so 64^5 stays below 2^31.
    SeededCases.forAll(
        301,
        200,
        random -> Generators.region(random, 1, 5, 64),
        region -> assertThat(Region.parse(region.toString())).isEqualTo(region));
  }

  @Test
  void regionParserWithOffsetRoundtrips() {
    SeededCases.forAll(
        302,
        200,
        random -> Generators.region(random, 1, 4, 8),
        region -> {
          Slice slice = region.slice();
          Region withOffset =
              Region.of(region.labels(), Slice.of(8, slice.sizes(), slice.strides()));
          assertThat(Region.parse(withOffset.toString())).isEqualTo(withOffset);
        });
  }

  @Test
  void regionStridedDisplayParseRoundtrips() {
    SeededCases.forAll(
        303,
        200,
        RegionTest::stridedRegion,
        region -> assertThat(Region.parse(region.toString())).isEqualTo(region));
  }

  @Test
  void regionDisplayParseRoundTripWithQuotedLabels() {
    SeededCases.forAll(
        304,
        200,
        random -> Generators.extentWithAnyLabels(random, 0, 4, 6).region(),
        region -> assertThat(Region.parse(region.toString())).isEqualTo(region));
  }

  @Test
  void regionStridedDisplayMatchesSlice() {
    SeededCases.forAll(
        305,
        200,
        RegionTest::stridedRegion,
        region -> {
          String s = region.toString();
          Slice slice = region.slice();
          String body;
          if (slice.offset() != 0) {
            assertThat(s).startsWith(slice.offset() + "+");
            body = s.substring(s.indexOf('+') + 1);
          } else {
            assertThat(s).doesNotContain("+");
            body = s;
          }
          String[] parts = body.split(",");
          assertThat(parts).hasLength(slice.numDims());
          for (int i = 0; i < parts.length; i++) {
            String[] sizeAndStride = parts[i].split("=")[1].split("/");
            assertThat(Integer.parseInt(sizeAndStride[0])).isEqualTo(slice.size(i));
            assertThat(Integer.parseInt(sizeAndStride[1])).isEqualTo(slice.stride(i));
          }
        });
  }

  @Test
  void viewRanksMapToBaseRanksBothWays() {
    SeededCases.forAll(
        306,
        200,
        RegionTest::stridedRegion,
        region -> {
          assertThat(region.numRanks()).isGreaterThan(0);
          for (int i = 0; i < region.numRanks(); i++) {
            int base = region.get(i).orElseThrow();
            assertThat(region.pointOfBaseRank(base).rank()).isEqualTo(i);
            assertThat(region.baseRankOfPoint(region.extent().pointOfRank(i))).isEqualTo(base);
          }
          assertThat(region.remap(region).orElseThrow()).hasSize(region.numRanks());
        });
  }
}
