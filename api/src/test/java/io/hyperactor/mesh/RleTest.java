package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.ValueOverlay.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The upstream {@code value_mesh/rle.rs} tests. */
class RleTest {

  /** Runs from {@code start, end, value} triples. */
  static List<Run<Integer>> runs(int... triples) {
    List<Run<Integer>> out = new ArrayList<>();
    for (int i = 0; i < triples.length; i += 3) {
      out.add(new Run<>(triples[i], triples[i + 1], triples[i + 2]));
    }
    return out;
  }

  private static List<Run<Integer>> merge(List<Run<Integer>> left, List<Run<Integer>> right) {
    return Rle.mergeValueRuns(left, right);
  }

  @Test
  void mergeDisjointRightAfterLeft() {
    assertThat(merge(runs(0, 5, 1), runs(7, 9, 2)))
        .containsExactlyElementsIn(runs(0, 5, 1, 7, 9, 2))
        .inOrder();
  }

  @Test
  void mergeDisjointRightBeforeLeft() {
    assertThat(merge(runs(7, 9, 1), runs(0, 5, 2)))
        .containsExactlyElementsIn(runs(0, 5, 2, 7, 9, 1))
        .inOrder();
  }

  @Test
  void overlapRightWinsSimple() {
    assertThat(merge(runs(0, 10, 1), runs(3, 6, 2)))
        .containsExactlyElementsIn(runs(0, 3, 1, 3, 6, 2, 6, 10, 1))
        .inOrder();
  }

  @Test
  void overlapEqualValuesUnionToRightEnd() {
    assertThat(merge(runs(0, 4, 5), runs(2, 6, 5))).containsExactlyElementsIn(runs(0, 6, 5));
  }

  @Test
  void overlapEqualValuesWithLeftLonger() {
    assertThat(merge(runs(0, 8, 5), runs(2, 6, 5))).containsExactlyElementsIn(runs(0, 8, 5));
  }

  @Test
  void overlapRightStartsEarlierRightWins() {
    assertThat(merge(runs(4, 10, 1), runs(2, 6, 2)))
        .containsExactlyElementsIn(runs(2, 6, 2, 6, 10, 1))
        .inOrder();
  }

  @Test
  void touchingCoalescesEqual() {
    assertThat(merge(runs(0, 3, 1, 3, 6, 1), runs())).containsExactlyElementsIn(runs(0, 6, 1));
  }

  @Test
  void multiOverlapMixedValues() {
    assertThat(merge(runs(0, 5, 1, 5, 10, 1, 10, 15, 3), runs(3, 7, 2, 12, 20, 4)))
        .containsExactlyElementsIn(runs(0, 3, 1, 3, 7, 2, 7, 10, 1, 10, 12, 3, 12, 20, 4))
        .inOrder();
  }

  @Test
  void overlapMixedValuesRightInsideLeft() {
    assertThat(merge(runs(0, 10, 1), runs(3, 7, 2)))
        .containsExactlyElementsIn(runs(0, 3, 1, 3, 7, 2, 7, 10, 1))
        .inOrder();
  }

  @Test
  void overlapMixedValuesRightSpansMultipleLeftRuns() {
    assertThat(merge(runs(0, 5, 1, 5, 10, 2), runs(3, 7, 9)))
        .containsExactlyElementsIn(runs(0, 3, 1, 3, 7, 9, 7, 10, 2))
        .inOrder();
  }

  @Test
  void overlapMixedValuesRightStartsBeforeLeft() {
    assertThat(merge(runs(5, 10, 1), runs(0, 7, 2)))
        .containsExactlyElementsIn(runs(0, 7, 2, 7, 10, 1))
        .inOrder();
  }

  @Test
  void overlapMixedValuesRightEndsAfterLeft() {
    assertThat(merge(runs(0, 5, 1), runs(3, 8, 2)))
        .containsExactlyElementsIn(runs(0, 3, 1, 3, 8, 2))
        .inOrder();
  }

  @Test
  void overlapMixedValuesMultipleCascadingOverlaps() {
    assertThat(merge(runs(0, 4, 1, 4, 8, 1, 8, 12, 2, 12, 16, 3), runs(2, 6, 9, 10, 14, 9)))
        .containsExactlyElementsIn(runs(0, 2, 1, 2, 6, 9, 6, 8, 1, 8, 10, 2, 10, 14, 9, 14, 16, 3))
        .inOrder();
  }

  @Test
  void emptyInputs() {
    assertThat(merge(runs(), runs())).isEmpty();
    assertThat(merge(runs(0, 2, 9), runs())).containsExactlyElementsIn(runs(0, 2, 9));
    assertThat(merge(runs(), runs(5, 7, 4))).containsExactlyElementsIn(runs(5, 7, 4));
  }

  /**
   * An equal-value right run that also covers the next left run overwrites it; upstream leaves that
   * left run in place and emits overlapping runs.
   */
  @Test
  void overlapEqualValuesRightCoversFollowingLeftRun() {
    assertThat(merge(runs(0, 3, 1, 3, 5, 2), runs(2, 6, 1)))
        .containsExactlyElementsIn(runs(0, 6, 1));
    assertThat(merge(runs(0, 3, 1, 3, 5, 2, 5, 9, 3), runs(2, 6, 1)))
        .containsExactlyElementsIn(runs(0, 6, 1, 6, 9, 3))
        .inOrder();
  }

  /** Merging never yields overlapping or uncoalesced runs, and the right side wins every rank. */
  @Test
  void mergeMatchesDenseRightWinsModel() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      List<Run<Integer>> left = randomRuns(random);
      List<Run<Integer>> right = randomRuns(random);
      Integer[] dense = new Integer[40];
      for (Run<Integer> r : left) {
        for (long i = r.start(); i < r.end(); i++) {
          dense[(int) i] = r.value();
        }
      }
      for (Run<Integer> r : right) {
        for (long i = r.start(); i < r.end(); i++) {
          dense[(int) i] = r.value();
        }
      }
      ImmutableList<Run<Integer>> merged = Rle.mergeValueRuns(left, right);
      // The constructor checks VO-1: sorted, non-overlapping, coalesced.
      new ValueOverlay<>(merged);
      Integer[] fromMerged = new Integer[40];
      for (Run<Integer> r : merged) {
        for (long i = r.start(); i < r.end(); i++) {
          fromMerged[(int) i] = r.value();
        }
      }
      assertThat(fromMerged).isEqualTo(dense);
    }
  }

  private static List<Run<Integer>> randomRuns(Random random) {
    List<Run<Integer>> out = new ArrayList<>();
    int pos = random.nextInt(4);
    while (pos < 40) {
      int len = 1 + random.nextInt(6);
      int end = Math.min(40, pos + len);
      out.add(new Run<>(pos, end, random.nextInt(3)));
      pos = end + random.nextInt(3);
    }
    return ValueOverlay.tryFromRuns(out).runs();
  }

  @Test
  void fromDenseKeepsOneTableEntryPerRun() {
    Rle.Encoded<String> e = Rle.fromDense(List.of("A", "A", "B", "B", "B", "A"), Object::equals);
    assertThat(e.table()).containsExactly("A", "B", "A").inOrder();
    assertThat(e.runs())
        .containsExactly(
            new ValueMesh.Run(0, 2, 0), new ValueMesh.Run(2, 5, 1), new ValueMesh.Run(5, 6, 2))
        .inOrder();
  }

  @Test
  void fromValueRunsDeduplicatesAndCoalesces() {
    List<Run<String>> in =
        List.of(
            new Run<>(0, 2, "A"),
            new Run<>(2, 5, "A"),
            new Run<>(5, 6, "B"),
            new Run<>(8, 10, "A"));
    Rle.Encoded<String> e = Rle.fromValueRuns(in);
    assertThat(e.table()).containsExactly("A", "B").inOrder();
    assertThat(e.runs())
        .containsExactly(
            new ValueMesh.Run(0, 5, 0), new ValueMesh.Run(5, 6, 1), new ValueMesh.Run(8, 10, 0))
        .inOrder();
  }
}
