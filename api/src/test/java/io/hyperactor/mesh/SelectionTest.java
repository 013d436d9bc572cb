package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.NON_CONTIGUOUS;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.SELECTION_DYNAMIC;
import static io.hyperactor.mesh.GeometryException.Kind.SELECTION_TOO_DEEP;
import static io.hyperactor.mesh.GeometryException.Kind.UNSUPPORTED_SELECTION;
import static io.hyperactor.mesh.GeometryException.Kind.VALUE_NOT_IN_SLICE;
import static io.hyperactor.mesh.Selection.FALSE;
import static io.hyperactor.mesh.Selection.TRUE;
import static io.hyperactor.mesh.Selection.all;
import static io.hyperactor.mesh.Selection.any;
import static io.hyperactor.mesh.Selection.first;
import static io.hyperactor.mesh.Selection.intersection;
import static io.hyperactor.mesh.Selection.label;
import static io.hyperactor.mesh.Selection.range;
import static io.hyperactor.mesh.Selection.union;
import static io.hyperactor.mesh.SliceTest.assertGeometryError;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code ndslice/src/selection.rs} tests. */
class SelectionTest {

  /** Zones 2, hosts 4, GPUs 8, row-major. */
  static Slice testSlice() {
    return Slice.of(0, List.of(2, 4, 8), List.of(32, 8, 1));
  }

  static List<Integer> eval(Selection selection, Slice slice) {
    return selection.eval(EvalOpts.lenient(), slice).boxed().toList();
  }

  /** The integers in each inclusive {@code [from, to]} pair, concatenated. */
  static List<Integer> spans(int... fromTo) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < fromTo.length; i += 2) {
      for (int v = fromTo[i]; v <= fromTo[i + 1]; v++) {
        out.add(v);
      }
    }
    return out;
  }

  static List<Integer> stepped(int from, int toExclusive, int step) {
    List<Integer> out = new ArrayList<>();
    for (int v = from; v < toExclusive; v += step) {
      out.add(v);
    }
    return out;
  }

  static List<Integer> oddGpus() {
    List<Integer> out = new ArrayList<>();
    for (int host = 0; host < 8; host++) {
      out.addAll(stepped(host * 8 + 1, host * 8 + 8, 2));
    }
    return out;
  }

  @Test
  void testSelection00() {
    Slice slice = testSlice();
    assertThat(eval(FALSE, slice)).isEmpty();
    assertThat(eval(all(FALSE), slice)).isEmpty();
    assertThat(eval(all(all(FALSE)), slice)).isEmpty();

    assertThat(eval(TRUE, slice)).isEqualTo(spans(0, 63));
    assertThat(eval(TRUE, slice)).isEqualTo(eval(all(TRUE), slice));
    assertThat(eval(all(TRUE), slice)).isEqualTo(eval(all(all(TRUE)), slice));
    assertThat(eval(TRUE, slice)).isEqualTo(eval(all(all(all(TRUE))), slice));
    assertThat(eval(all(all(all(FALSE))), slice)).isEmpty();
  }

  @Test
  void testSelection01() {
    Slice slice = testSlice();
    Selection expr = all(all(all(all(TRUE))));
    GeometryException e =
        assertGeometryError(SELECTION_TOO_DEEP, () -> expr.validate(EvalOpts.lenient(), slice));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("selection `all(all(all(all(true_()))))` exceeds dimensionality 3");
  }

  @Test
  void testSelection02() {
    Slice slice = testSlice();
    assertThat(
            eval(
                range(Range.closed(0, 0), range(Range.closed(0, 0), range(Range.closed(0, 0)))),
                slice))
        .containsExactly(0);
    assertThat(
            eval(
                range(Range.closed(1, 1), range(Range.closed(1, 1), range(Range.closed(1, 1)))),
                slice))
        .containsExactly(41);
    assertThat(eval(all(range(Range.closed(0, 0), all(TRUE))), slice))
        .isEqualTo(spans(0, 7, 32, 39));
    assertThat(eval(all(range(Range.closed(1, 1), all(TRUE))), slice))
        .isEqualTo(spans(8, 15, 40, 47));
    assertThat(eval(all(all(range(Range.of(0, 4)))), slice))
        .isEqualTo(spans(0, 3, 8, 11, 16, 19, 24, 27, 32, 35, 40, 43, 48, 51, 56, 59));
    assertThat(eval(all(all(range(Range.of(4, 8)))), slice))
        .isEqualTo(spans(4, 7, 12, 15, 20, 23, 28, 31, 36, 39, 44, 47, 52, 55, 60, 63));
    assertThat(eval(all(all(range(Range.from(1, 2)))), slice)).isEqualTo(oddGpus());
  }

  @Test
  void testSelection03() {
    Slice slice = testSlice();
    assertThat(eval(intersection(TRUE, TRUE), slice)).isEqualTo(eval(TRUE, slice));
    assertThat(eval(intersection(TRUE, FALSE), slice)).isEqualTo(eval(FALSE, slice));
    assertThat(eval(intersection(FALSE, TRUE), slice)).isEqualTo(eval(FALSE, slice));
    assertThat(eval(intersection(FALSE, FALSE), slice)).isEqualTo(eval(FALSE, slice));
    assertThat(
            eval(
                intersection(
                    all(all(range(Range.closed(0, 3)))), all(all(range(Range.closed(4, 7))))),
                slice))
        .isEmpty();
    assertThat(eval(intersection(TRUE, all(all(range(Range.of(4, 8))))), slice))
        .isEqualTo(eval(all(all(range(Range.of(4, 8)))), slice));
    assertThat(
            eval(
                intersection(
                    all(all(range(Range.closed(0, 4)))), all(all(range(Range.closed(4, 7))))),
                slice))
        .isEqualTo(eval(all(all(range(Range.closed(4, 4)))), slice));
  }

  @Test
  void testSelection04() {
    Slice slice = testSlice();
    assertThat(eval(union(TRUE, TRUE), slice)).isEqualTo(eval(TRUE, slice));
    assertThat(eval(union(FALSE, TRUE), slice)).isEqualTo(eval(TRUE, slice));
    assertThat(eval(union(TRUE, FALSE), slice)).isEqualTo(eval(TRUE, slice));
    assertThat(eval(union(FALSE, FALSE), slice)).isEqualTo(eval(FALSE, slice));
    assertThat(eval(union(all(all(range(Range.of(0, 4)))), all(all(range(Range.from(4))))), slice))
        .isEqualTo(eval(TRUE, slice));

    // Across all zones, the first 4 GPUs of host 0 and the last 4 of host 1.
    Selection s = all(range(Range.closed(0, 0), range(Range.of(0, 4))));
    Selection t = all(range(Range.closed(1, 1), range(Range.from(4))));
    assertThat(eval(union(s, t), slice)).isEqualTo(spans(0, 3, 12, 15, 32, 35, 44, 47));

    // All zones, all hosts, skip GPUs 2..5.
    assertThat(eval(all(all(union(range(Range.of(0, 2)), range(Range.of(6, 8))))), slice))
        .isEqualTo(
            spans(
                0, 1, 6, 7, 8, 9, 14, 15, 16, 17, 22, 23, 24, 25, 30, 31, 32, 33, 38, 39, 40, 41,
                46, 47, 48, 49, 54, 55, 56, 57, 62, 63));

    Selection odd = all(all(union(range(Range.of(1, 4, 2)), range(Range.of(5, 8, 2)))));
    assertThat(eval(odd, slice)).isEqualTo(oddGpus());
    assertThat(eval(odd, slice))
        .isEqualTo(
            eval(
                all(
                    all(
                        union(
                            union(range(Range.closed(1, 1)), range(Range.closed(3, 3))),
                            union(range(Range.closed(5, 5)), range(Range.closed(7, 7)))))),
                slice));
  }

  @Test
  void testSelection05() {
    Slice slice = testSlice();
    assertThat(eval(first(first(FALSE)), slice)).isEmpty();
    assertThat(eval(first(first(range(Range.of(0, 1)))), slice)).containsExactly(0);
    assertThat(eval(first(first(TRUE)), slice)).isEqualTo(spans(0, 7));
    assertThat(eval(first(first(first(FALSE))), slice)).isEmpty();
    assertThat(eval(first(first(first(TRUE))), slice)).containsExactly(0);
    assertThat(eval(all(first(TRUE)), slice)).isEqualTo(spans(0, 7, 32, 39));
    assertThat(eval(first(first(range(Range.closed(0, 2)))), slice)).isEqualTo(spans(0, 2));
  }

  @Test
  void testSelection06() {
    Slice slice = testSlice();
    Selection expr = first(first(first(first(TRUE))));
    assertThat(
            assertGeometryError(SELECTION_TOO_DEEP, () -> expr.validate(EvalOpts.lenient(), slice)))
        .hasMessageThat()
        .isEqualTo("selection `first(first(first(first(true_()))))` exceeds dimensionality 3");
  }

  @Test
  void testSelection07() {
    Shape s = Shape.from(Extent.of("host", 2, "gpu", 8));
    assertThat(s.select("host", 1).slice().stream().boxed().toList())
        .isEqualTo(eval(range(Range.of(1, 2)), s.slice()));
    assertThat(s.select("gpu", Range.from(2)).slice().stream().boxed().toList())
        .isEqualTo(eval(all(range(Range.from(2))), s.slice()));
    assertThat(s.select("gpu", Range.of(3, 5)).slice().stream().boxed().toList())
        .isEqualTo(eval(all(range(Range.of(3, 5))), s.slice()));
    assertThat(s.select("gpu", Range.of(3, 5)).select("host", 1).slice().stream().boxed().toList())
        .isEqualTo(eval(range(Range.closed(1, 1), range(Range.of(3, 5))), s.slice()));

    assertGeometryError(EMPTY_RANGE, () -> s.select("gpu", Range.of(1, 1)));
    assertThat(eval(all(range(Range.of(1, 1))), s.slice())).isEmpty();

    assertGeometryError(OUT_OF_RANGE, () -> s.select("gpu", 8));
    assertThat(eval(all(range(Range.of(8, 8))), s.slice())).isEmpty();
  }

  @Test
  void testSelection08() {
    Shape s = Shape.from(Extent.of("host", 2, "gpu", 8));
    Extent e = s.extent();
    assertThat(eval(range(Range.of(1, 2)), s.slice()))
        .isEqualTo(eval(Selection.fromLabels(e, "host", Range.of(1)), s.slice()));
    assertThat(eval(all(range(Range.from(2))), s.slice()))
        .isEqualTo(eval(Selection.fromLabels(e, "gpu", Range.from(2)), s.slice()));
    assertThat(eval(all(range(Range.of(3, 5))), s.slice()))
        .isEqualTo(eval(Selection.fromLabels(e, "gpu", Range.of(3, 5)), s.slice()));
    assertThat(eval(range(Range.of(1, 2), range(Range.of(3, 5))), s.slice()))
        .isEqualTo(
            eval(
                Selection.fromLabels(
                    e, ImmutableMap.of("host", Range.of(1, 2), "gpu", Range.of(3, 5))),
                s.slice()));
    assertThat(
            eval(
                union(
                    Selection.fromLabels(
                        e, ImmutableMap.of("host", Range.of(0, 1), "gpu", Range.of(0, 4))),
                    Selection.fromLabels(
                        e, ImmutableMap.of("host", Range.of(1, 2), "gpu", Range.of(4, 5)))),
                s.slice()))
        .isEqualTo(
            eval(
                union(
                    range(Range.of(0, 1), range(Range.of(0, 4))),
                    range(Range.of(1, 2), range(Range.of(4, 5)))),
                s.slice()));

    // The upstream documentation examples, structurally.
    Extent zoned = Extent.of("zone", 2, "host", 4, "gpu", 8);
    assertThat(Selection.fromLabels(zoned, "host", Range.of(1, 3)))
        .isEqualTo(all(range(Range.of(1, 3))));
    Map<String, Range> constraints = new LinkedHashMap<>();
    constraints.put("host", Range.of(1, 3));
    constraints.put("gpu", Range.of(0, 4));
    assertThat(Selection.fromLabels(zoned, constraints))
        .isEqualTo(all(range(Range.of(1, 3), range(Range.of(0, 4), TRUE))));
    assertGeometryError(
        GeometryException.Kind.INVALID_DIM, () -> Selection.fromLabels(zoned, "rack", Range.of(0)));
  }

  @Test
  void testSelection09() {
    Slice slice = testSlice();
    assertThat(eval(any(FALSE), slice)).isEqualTo(eval(FALSE, slice));

    List<Integer> res = eval(any(any(any(TRUE))), slice);
    assertThat(res).hasSize(1);
    assertThat(res.get(0)).isLessThan(64);

    List<Integer> firstFour = eval(range(0, any(range(Range.of(0, 4)))), slice);
    assertThat(
            IntStream.range(0, 4)
                .mapToObj(host -> eval(range(0, range(host, range(Range.of(0, 4)))), slice))
                .toList())
        .contains(firstFour);

    res = eval(range(0, range(0, any(TRUE))), slice);
    assertThat(res).hasSize(1);
    assertThat(res.get(0)).isLessThan(8);

    for (int zone = 0; zone < 2; zone++) {
      int z = zone;
      List<Integer> hostGpus = eval(range(z, any(TRUE)), slice);
      assertThat(
              IntStream.range(0, 4)
                  .mapToObj(host -> eval(range(z, range(host, TRUE)), slice))
                  .toList())
          .contains(hostGpus);
    }

    // Two random GPUs of host 0 in zone 0 make a sorted pair once they differ.
    Selection twoAnys = union(range(0, range(0, any(TRUE))), range(0, range(0, any(TRUE))));
    List<Integer> pair = List.of();
    while (pair.size() < 2) {
      pair = eval(twoAnys, slice);
    }
    assertThat(pair.get(0)).isLessThan(pair.get(1));
    assertThat(pair.get(1)).isLessThan(8);
  }

  @Test
  void testEvalZeroDimSlice() {
    Slice slice0d = Slice.of(1, List.of(), List.of());
    assertThat(slice0d.coordinates(1)).isEmpty();
    assertThat(eval(TRUE, slice0d)).containsExactly(1);
    assertThat(eval(FALSE, slice0d)).isEmpty();
    assertThat(eval(all(TRUE), slice0d)).containsExactly(1);
    assertThat(eval(all(FALSE), slice0d)).isEmpty();
    assertThat(eval(union(TRUE, TRUE), slice0d)).containsExactly(1);
    assertThat(eval(intersection(TRUE, FALSE), slice0d)).isEmpty();
  }

  @Test
  void testSelection10() {
    Slice slice = testSlice();
    EvalOpts opts = EvalOpts.lenient().withDisallowDynamicSelections(true);
    assertThat(
            assertGeometryError(SELECTION_DYNAMIC, () -> any(any(any(TRUE))).validate(opts, slice)))
        .hasMessageThat()
        .contains("dynamic selection `any(any(any(true_())))`");
  }

  @Test
  void strictEvaluationRejectsEmptyAndOutOfRangeRanges() {
    Slice slice = testSlice();
    assertThat(
            assertGeometryError(
                EMPTY_RANGE, () -> all(range(Range.of(3, 3))).eval(EvalOpts.strict(), slice)))
        .hasMessageThat()
        .contains("empty range 3:3:1");
    assertGeometryError(EMPTY_RANGE, () -> range(2).eval(EvalOpts.strict(), slice));
    // Lenient evaluation selects nothing instead.
    assertThat(eval(range(2), slice)).isEmpty();
    // A range running past the end is clamped, strict or not.
    assertThat(range(Range.of(1, 99)).eval(EvalOpts.strict(), slice).count()).isEqualTo(32);
  }

  @Test
  void test13() {
    assertThat(TRUE.isEquivalentToTrue()).isTrue();
    assertThat(all(TRUE).isEquivalentToTrue()).isTrue();
    assertThat(all(all(TRUE)).isEquivalentToTrue()).isTrue();
    assertThat(all(all(all(all(all(TRUE))))).isEquivalentToTrue()).isTrue();
    assertThat(FALSE.isEquivalentToTrue()).isFalse();
    assertThat(union(TRUE, TRUE).isEquivalentToTrue()).isFalse();
    assertThat(range(Range.closed(0, 0)).isEquivalentToTrue()).isFalse();
    assertThat(all(FALSE).isEquivalentToTrue()).isFalse();
  }

  @Test
  void test14() {
    Selection a = all(all(TRUE));
    Selection b = all(all(TRUE));
    assertThat(a.normalize()).isEqualTo(b.normalize());
    Set<Selection> keys = new HashSet<>();
    keys.add(a.normalize());
    assertThat(keys).contains(b.normalize());
  }

  @Test
  void testContainsTrue() {
    assertThat(TRUE.contains(0, 0, 0)).isTrue();
    assertThat(TRUE.contains(1, 2, 3)).isTrue();
  }

  @Test
  void testContainsFalse() {
    assertThat(FALSE.contains(0, 0, 0)).isFalse();
    assertThat(FALSE.contains(1, 2, 3)).isFalse();
  }

  @Test
  void testContainsAll() {
    assertThat(all(TRUE).contains(0, 0, 0)).isTrue();
    assertThat(all(TRUE).contains(1, 2, 3)).isTrue();
  }

  @Test
  void testContainsRange() {
    Selection selection = range(Range.of(1, 3));
    assertThat(selection.contains(1, 0, 0)).isTrue();
    assertThat(selection.contains(3, 0, 0)).isFalse();
    // An open range has no end when judged from coordinates alone.
    assertThat(range(Range.from(2, 2)).contains(10, 0, 0)).isTrue();
    assertThat(range(Range.from(2, 2)).contains(9, 0, 0)).isFalse();
  }

  @Test
  void testContainsIntersection() {
    Selection selection = intersection(range(Range.of(1, 3)), range(Range.of(2, 4)));
    assertThat(selection.contains(2, 0, 0)).isTrue();
    assertThat(selection.contains(1, 0, 0)).isFalse();
  }

  @Test
  void testContainsUnion() {
    Selection selection = union(range(Range.of(1, 2)), range(Range.of(3, 4)));
    assertThat(selection.contains(1, 0, 0)).isTrue();
    assertThat(selection.contains(2, 0, 0)).isFalse();
  }

  @Test
  void testContainsAny() {
    assertThat(assertGeometryError(UNSUPPORTED_SELECTION, () -> any(TRUE).contains(0, 0, 0)))
        .hasMessageThat()
        .contains("any(true_())");
  }

  @Test
  void testContainsLabel() {
    assertGeometryError(
        UNSUPPORTED_SELECTION, () -> label(List.of("zone"), TRUE).contains(1, 2, 3));
  }

  @Test
  void testContainsFirst() {
    assertGeometryError(UNSUPPORTED_SELECTION, () -> first(TRUE).contains(0, 0, 0));
  }

  @Test
  void testDifference1d() {
    assertThat(TRUE.difference(EvalOpts.strict(), Slice.rowMajor(5), Set.of(2, 4)).boxed().toList())
        .containsExactly(0, 1, 3)
        .inOrder();
  }

  @Test
  void testDifferenceEmptySelection() {
    assertThat(FALSE.difference(EvalOpts.strict(), Slice.rowMajor(3), Set.of(0, 1)).count())
        .isEqualTo(0);
  }

  @Test
  void testDifference2d() {
    assertThat(
            all(all(TRUE))
                .difference(EvalOpts.strict(), Slice.rowMajor(2, 3), Set.of(3, 4, 5))
                .boxed()
                .toList())
        .containsExactly(0, 1, 2)
        .inOrder();
  }

  @Test
  void withoutRebuildsTheRemainderFromRanks() {
    Slice slice = Slice.rowMajor(2, 3);
    Selection rest = all(all(TRUE)).without(slice, Set.of(0, 4));
    assertThat(eval(rest, slice)).containsExactly(1, 2, 3, 5).inOrder();
    assertThat(rest).isEqualTo(Selection.ofRanks(slice, List.of(1, 2, 3, 5)));
  }

  @Test
  void testOfRanks1d() {
    Slice slice = Slice.rowMajor(5);
    Selection selection = Selection.ofRanks(slice, Set.of(1, 3));
    assertThat(selection.eval(EvalOpts.strict(), slice).boxed().toList())
        .containsExactly(1, 3)
        .inOrder();
  }

  @Test
  void testOfRanksEmptySet() {
    Slice slice = Slice.rowMajor(4);
    Selection selection = Selection.ofRanks(slice, Set.of());
    assertThat(selection).isEqualTo(FALSE);
    assertThat(selection.eval(EvalOpts.strict(), slice).count()).isEqualTo(0);
  }

  @Test
  void testOfRanksSingletonStructural() {
    assertThat(Selection.ofRanks(Slice.rowMajor(5), Set.of(2)))
        .isEqualTo(range(Range.closed(2, 2), TRUE));
  }

  @Test
  void testOfRanksUnion2dStructural() {
    // [[0, 1, 2], [3, 4, 5]]: ranks 2, 3, 4 are (0, 2), (1, 0) and (1, 1).
    assertThat(Selection.ofRanks(Slice.rowMajor(2, 3), List.of(4, 2, 3, 2)))
        .isEqualTo(
            union(
                union(range(0, range(2, TRUE)), range(1, range(0, TRUE))),
                range(1, range(1, TRUE))));
  }

  @Test
  void testOfRanks3dStructural() {
    assertThat(Selection.ofRanks(Slice.rowMajor(2, 2, 2), Set.of(1, 6)))
        .isEqualTo(union(range(0, range(0, range(1, TRUE))), range(1, range(1, range(0, TRUE)))));
  }

  @Test
  void testOfRanksInvalidIndex() {
    assertThat(
            assertGeometryError(
                VALUE_NOT_IN_SLICE, () -> Selection.ofRanks(Slice.rowMajor(4), Set.of(0, 4))))
        .hasMessageThat()
        .contains("value 4 not in slice");
  }

  @Test
  void ofRanksOfManyRanksEvaluatesWithoutDeepRecursion() {
    Slice slice = Slice.rowMajor(100, 100);
    List<Integer> ranks = IntStream.range(0, 10_000).filter(r -> r % 3 != 0).boxed().toList();
    Selection selection = Selection.ofRanks(slice, ranks);
    assertThat(selection.eval(EvalOpts.strict(), slice).boxed().toList()).isEqualTo(ranks);
  }

  @Test
  void testReifySliceEmpty() {
    Slice slice = Slice.rowMajor(0);
    Selection selection = Selection.reifySlice(slice, slice);
    assertThat(selection).isEqualTo(FALSE);
    assertThat(eval(selection, slice)).isEmpty();
  }

  @Test
  void testReifySlice1d() {
    Shape shape = Shape.from(Extent.of("x", 6));
    Slice base = shape.slice();
    Selection selection = Selection.reifySlice(base, shape.select("x", Range.of(2, 5)).slice());
    assertThat(selection).isEqualTo(range(Range.of(2, 5), TRUE));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .containsExactly(2, 3, 4)
        .inOrder();
  }

  @Test
  void testReifySlice2d() {
    Shape shape = Shape.from(Extent.of("x", 4, "y", 5));
    Slice base = shape.slice();
    Slice view = shape.select("x", Range.of(1, 3)).select("y", Range.of(2, 5)).slice();
    Selection selection = Selection.reifySlice(base, view);
    assertThat(selection).isEqualTo(range(Range.of(1, 3), range(Range.of(2, 5), TRUE)));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .containsExactly(
            base.location(1, 2),
            base.location(1, 3),
            base.location(1, 4),
            base.location(2, 2),
            base.location(2, 3),
            base.location(2, 4))
        .inOrder();
  }

  @Test
  void testReifySlice1dWithStride() {
    Shape shape = Shape.from(Extent.of("x", 7));
    Slice view = shape.select("x", Range.from(0, 2)).slice();
    assertThat(view).isEqualTo(Slice.of(0, List.of(4), List.of(2)));
    Slice base = shape.slice();
    Selection selection = Selection.reifySlice(base, view);
    // ceil(7 / 2) = 4, so the end is 0 + 2 * 4 = 8.
    assertThat(selection).isEqualTo(range(Range.of(0, 8, 2), TRUE));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .containsExactly(0, 2, 4, 6)
        .inOrder();
  }

  @Test
  void testReifySlice2dWithStride() {
    Shape base = Shape.from(Extent.of("x", 4, "y", 4));
    Slice view = base.select("x", Range.of(1, 4, 2)).select("y", Range.of(1, 4, 2)).slice();
    assertThat(view).isEqualTo(Slice.of(5, List.of(2, 2), List.of(8, 2)));
    Selection selection = Selection.reifySlice(base.slice(), view);
    assertThat(selection).isEqualTo(range(Range.of(1, 5, 2), range(Range.of(1, 5, 2), TRUE)));
    assertThat(selection.eval(EvalOpts.strict(), base.slice()).boxed().toList())
        .containsExactly(5, 7, 13, 15)
        .inOrder();
  }

  @Test
  void testReifySliceSelectsColumnAcrossRows() {
    Shape shape = Shape.from(Extent.of("host", 2, "gpu", 4));
    Slice base = shape.slice();
    Slice view = shape.select("gpu", 2).slice();
    assertThat(view.stream().mapToObj(view::coordinates).toList())
        .containsExactly(List.of(0, 0), List.of(1, 0))
        .inOrder();
    Selection selection = Selection.reifySlice(base, view);
    assertThat(selection).isEqualTo(range(Range.of(0, 2), range(Range.of(2, 3), TRUE)));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .containsExactly(base.location(0, 2), base.location(1, 2))
        .inOrder();
  }

  @Test
  void testReifySliceDimensionMismatch() {
    Slice base = Shape.from(Extent.of("host", 2, "gpu", 4)).slice();
    List<Integer> indices = List.of(base.location(0, 2), base.location(1, 2));
    Slice view = Slice.of(indices.get(0), List.of(indices.size()), List.of(4));
    Selection selection = Selection.reifySlice(base, view);
    assertThat(selection).isEqualTo(Selection.ofRanks(base, indices));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .containsExactlyElementsIn(indices)
        .inOrder();
  }

  @Test
  void reifySliceErrors() {
    Slice strided = Slice.of(0, List.of(2, 2), List.of(4, 1));
    assertGeometryError(NON_CONTIGUOUS, () -> Selection.reifySlice(strided, strided));
    // A box that leaves the base is reported, not silently cut down.
    Slice base = Slice.rowMajor(4);
    assertGeometryError(
        VALUE_NOT_IN_SLICE, () -> Selection.reifySlice(base, Slice.of(3, List.of(2), List.of(1))));
    // A transposed view of the base is reified rank by rank.
    Slice square = Slice.rowMajor(2, 2);
    Slice transposed = Slice.of(0, List.of(2, 2), List.of(1, 2));
    assertThat(eval(Selection.reifySlice(square, transposed), square))
        .containsExactly(0, 1, 2, 3)
        .inOrder();
  }

  @Test
  void testUnionOfSlicesEmpty() {
    Slice base = Slice.rowMajor(2);
    Selection selection = Selection.reifySlices(base, List.of());
    assertThat(selection).isEqualTo(FALSE);
    assertThat(selection.eval(EvalOpts.strict(), base).count()).isEqualTo(0);
  }

  @Test
  void testUnionOfSlicesSingleton() {
    Shape shape = Shape.from(Extent.of("x", 3));
    Selection selection =
        Selection.reifySlices(shape.slice(), List.of(shape.select("x", 1).slice()));
    assertThat(selection).isEqualTo(range(Range.closed(1, 1), TRUE));
    assertThat(selection.eval(EvalOpts.strict(), shape.slice()).boxed().toList())
        .containsExactly(1);
  }

  @Test
  void testUnionOfSlicesDisjoint() {
    Shape shape = Shape.from(Extent.of("x", 2, "y", 2));
    Slice base = shape.slice();
    Selection selection =
        Selection.reifySlices(
            base, List.of(shape.select("x", 0).slice(), shape.select("x", 1).slice()));
    assertThat(selection)
        .isEqualTo(
            union(
                range(Range.of(0, 1), range(Range.of(0, 2))),
                range(Range.of(1, 2), range(Range.of(0, 2)))));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .isEqualTo(base.stream().boxed().toList());
  }

  @Test
  void testUnionOfSlicesOverlapping() {
    Shape shape = Shape.from(Extent.of("x", 1, "y", 4));
    Slice base = shape.slice();
    Selection selection =
        Selection.reifySlices(
            base,
            List.of(
                shape.select("y", Range.of(0, 2)).slice(),
                shape.select("y", Range.of(1, 4)).slice()));
    assertThat(selection)
        .isEqualTo(
            union(
                range(Range.of(0, 1), range(Range.of(0, 2))),
                range(Range.of(0, 1), range(Range.of(1, 4)))));
    assertThat(selection.eval(EvalOpts.strict(), base).boxed().toList())
        .isEqualTo(base.stream().boxed().toList());
  }

  @Test
  void testCanonicalizeToDimensions() {
    Selection allTrue = all(all(all(TRUE)));
    assertThat(TRUE.canonicalizeToDimensions(3)).isEqualTo(allTrue);
    assertThat(all(TRUE).canonicalizeToDimensions(3)).isEqualTo(allTrue);
    assertThat(all(all(TRUE)).canonicalizeToDimensions(3)).isEqualTo(allTrue);
    assertThat(allTrue.canonicalizeToDimensions(3)).isEqualTo(allTrue);

    Selection allFalse = all(all(all(FALSE)));
    assertThat(FALSE.canonicalizeToDimensions(3)).isEqualTo(allFalse);
    assertThat(all(FALSE).canonicalizeToDimensions(3)).isEqualTo(allFalse);
    assertThat(all(all(FALSE)).canonicalizeToDimensions(3)).isEqualTo(allFalse);
    assertThat(allFalse.canonicalizeToDimensions(3)).isEqualTo(allFalse);

    Selection anyTrue = any(any(any(TRUE)));
    assertThat(any(TRUE).canonicalizeToDimensions(3)).isEqualTo(anyTrue);
    assertThat(any(any(TRUE)).canonicalizeToDimensions(3)).isEqualTo(anyTrue);
    assertThat(anyTrue.canonicalizeToDimensions(3)).isEqualTo(anyTrue);

    assertThat(range(Range.of(0, 1)).canonicalizeToDimensions(3))
        .isEqualTo(range(Range.of(0, 1), all(all(TRUE))));
    assertThat(all(range(Range.of(0, 1))).canonicalizeToDimensions(3))
        .isEqualTo(all(range(Range.of(0, 1), all(TRUE))));
    assertThat(range(Range.of(0, 1), any(TRUE)).canonicalizeToDimensions(3))
        .isEqualTo(range(Range.of(0, 1), any(any(TRUE))));
    assertThat(range(Range.of(0, 1), any(all(TRUE))).canonicalizeToDimensions(3))
        .isEqualTo(range(Range.of(0, 1), any(all(TRUE))));
  }

  @Test
  void reduceIntersectionSimplifies() {
    Selection x = range(1);
    assertThat(FALSE.reduceIntersection(x)).isEqualTo(FALSE);
    assertThat(x.reduceIntersection(FALSE)).isEqualTo(FALSE);
    assertThat(TRUE.reduceIntersection(x)).isEqualTo(x);
    assertThat(x.reduceIntersection(TRUE)).isEqualTo(x);
    assertThat(x.reduceIntersection(all())).isEqualTo(intersection(x, all()));
  }

  @Test
  void displayIsTheConstructorForm() {
    assertThat(all(range(Range.of(0, 4), TRUE)).toString()).isEqualTo("all(range(0:4:1, true_()))");
    assertThat(union(FALSE, label(List.of("A100"), any(TRUE))).toString())
        .isEqualTo("union(false_(), label([\"A100\"], any(true_())))");
    assertThat(intersection(first(TRUE), range(Range.from(2, 3))).toString())
        .isEqualTo("intersection(first(true_()), range(2::3, true_()))");
  }

  /** A row-major base and a strided box inside it. */
  record BaseAndBox(Slice base, Slice box) {}

  /**
   * A row-major base of 1 to 4 dimensions of size 1 to 6, and a box in it: per dimension a start
   * (0 to 5, wrapped into the dimension), a step (1 to 3) and a count (1 to 6), clipped to the
   * dimension.
   */
  private static BaseAndBox baseAndBox(SplittableRandom random) {
    Slice base = Generators.slice(random, 4, 6);
    int n = base.numDims();
    // Redraw a box the base cannot express, as a filter would; give up rather than spin forever.
    for (int attempt = 0; attempt < 1_000; attempt++) {
      List<Integer> starts = new ArrayList<>();
      List<Integer> steps = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      for (int d = 0; d < n; d++) {
        starts.add(Generators.between(random, 0, 5));
        steps.add(Generators.between(random, 1, 3));
        counts.add(Generators.between(random, 1, 6));
      }
      Optional<Slice> box = box(base, starts, steps, counts);
      if (box.isPresent()) {
        return new BaseAndBox(base, box.orElseThrow());
      }
    }
    throw new IllegalStateException("no rectangular box found in " + base);
  }

  private static Optional<Slice> box(
      Slice base, List<Integer> starts, List<Integer> steps, List<Integer> counts) {
    Slice box = base;
    try {
      for (int d = 0; d < base.numDims(); d++) {
        int start = starts.get(d) % base.size(d);
        int end = Math.min(base.size(d), start + steps.get(d) * counts.get(d));
        box = box.select(d, start, end, steps.get(d));
      }
      return Optional.of(box);
    } catch (GeometryException nonrectangular) {
      return Optional.empty();
    }
  }

  @Test
  void reifySliceSelectsExactlyTheBox() {
    SeededCases.forAll(
        401,
        300,
        SelectionTest::baseAndBox,
        input -> {
          Selection selection = Selection.reifySlice(input.base(), input.box());
          assertThat(selection.eval(EvalOpts.strict(), input.base()).boxed().toList())
              .containsExactlyElementsIn(input.box().stream().sorted().boxed().toList())
              .inOrder();
        });
  }

  @Test
  void ofRanksSelectsExactlyTheRanks() {
    SeededCases.forAll(
        402,
        300,
        SelectionTest::baseAndBox,
        input -> {
          List<Integer> ranks = input.box().stream().sorted().boxed().toList();
          Selection selection = Selection.ofRanks(input.base(), ranks);
          assertThat(eval(selection, input.base())).isEqualTo(ranks);
        });
  }
}
