package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;
import static io.hyperactor.mesh.GeometryException.Kind.UNSUPPORTED_SELECTION;
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

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ports of upstream {@code selection/parse.rs} ({@code test_selection_11}, {@code test_12}) and
 * {@code selection/pretty.rs} ({@code test_selection_to_compact_and_back}).
 */
class SelectionSyntaxTest {

  private static void assertParsesTo(String input, Selection expected) {
    assertThat(Selection.parse(input)).isEqualTo(expected);
  }

  private static void assertRoundTrip(Selection selection) {
    String compact = selection.toCompactString();
    assertThat(Selection.parse(compact)).isEqualTo(selection);
  }

  @Test
  void testSelection11() {
    assertParsesTo("*", all(TRUE));
    assertParsesTo("*,*", all(all(TRUE)));
    assertParsesTo("*,*,*", all(all(all(TRUE))));

    assertParsesTo("4:8", range(Range.of(4, 8, 1), TRUE));
    assertParsesTo("4:", range(Range.from(4, 1), TRUE));
    assertParsesTo("4", range(Range.of(4, 5, 1), TRUE));
    assertParsesTo(":", range(Range.from(0, 1), TRUE));

    assertParsesTo("0,0,0", range(0, range(0, range(0, TRUE))));
    assertParsesTo("1,1,1", range(1, range(1, range(1, TRUE))));
    assertParsesTo("*,0", all(range(0, TRUE)));
    assertParsesTo("*,0,*", all(range(0, all(TRUE))));
    assertParsesTo("*,*,4:", all(all(range(Range.from(4), TRUE))));
    assertParsesTo("*,*,1::2", all(all(range(Range.from(1, 2), TRUE))));

    assertParsesTo(
        "*,*,:4|*,*,4:",
        union(all(all(range(Range.of(0, 4), TRUE))), all(all(range(Range.from(4, 1), TRUE)))));
    assertParsesTo(
        "*,0,:4|*,1,4:8",
        union(
            all(range(0, range(Range.of(0, 4), TRUE))),
            all(range(1, range(Range.of(4, 8), TRUE)))));
    assertParsesTo(
        "*,*,(:2|6:)", all(all(union(range(Range.of(0, 2), TRUE), range(Range.from(6, 1), TRUE)))));
    assertParsesTo(
        "*,*,(1:4:2|5::2)",
        all(all(union(range(Range.of(1, 4, 2), TRUE), range(Range.from(5, 2), TRUE)))));
    assertParsesTo("*&*", intersection(all(TRUE), all(TRUE)));
    assertParsesTo("*&*,*,4:8", intersection(all(TRUE), all(all(range(Range.of(4, 8), TRUE)))));
    assertParsesTo(
        "*,*,0:5&*,*,4:8",
        intersection(all(all(range(Range.of(0, 5), TRUE))), all(all(range(Range.of(4, 8), TRUE)))));

    assertParsesTo("?,?,?", any(any(any(TRUE))));
    assertParsesTo("0,?,:4", range(0, any(range(Range.of(0, 4), TRUE))));
    assertParsesTo("0,?", range(0, any(TRUE)));
    assertParsesTo("?", any(TRUE));
    assertParsesTo(
        "0,0,?|0,0,?", union(range(0, range(0, any(TRUE))), range(0, range(0, any(TRUE)))));
    assertParsesTo(
        "*,*,1:4|5:6", union(all(all(range(Range.of(1, 4), TRUE))), range(Range.of(5, 6), TRUE)));
    assertParsesTo(
        "*,*,(1:4|5:6)", all(all(union(range(Range.of(1, 4), TRUE), range(Range.of(5, 6), TRUE)))));
    assertParsesTo(
        "*,(1:4|5:6),*",
        all(union(range(Range.of(1, 4, 1), all(TRUE)), range(Range.of(5, 6, 1), all(TRUE)))));
    assertParsesTo("(*,*,*)&(*,*,*)", intersection(all(all(all(TRUE))), all(all(all(TRUE)))));
    assertParsesTo(
        "(0,*,*)&(0,(1|3),*)",
        intersection(
            range(0, all(all(TRUE))), range(0, union(range(1, all(TRUE)), range(3, all(TRUE))))));
    assertParsesTo(
        "(*,*,(:2|6:))&(*,*,4:)",
        intersection(
            all(all(union(range(Range.of(0, 2), TRUE), range(Range.from(6, 1), TRUE)))),
            all(all(range(Range.from(4, 1), TRUE)))));
    assertParsesTo("((1:4),2)", range(Range.of(1, 4), range(2, TRUE)));
  }

  @Test
  void test12() {
    assertParsesTo("*,*,*,*,*,*", all(all(all(all(all(all(TRUE)))))));
  }

  @Test
  void whitespaceIsIgnored() {
    assertParsesTo("*, 0:4", all(range(Range.of(0, 4))));
    assertParsesTo(" * ,\t0 : 4 , * ", all(range(Range.of(0, 4), all(TRUE))));
  }

  @Test
  void parseErrorsNameTheInputAndPosition() {
    for (String bad :
        List.of("", ",", "*,", "(*", "*)", "1:2:", "a", "*|", "1:4:0", "99999999999")) {
      GeometryException e = assertGeometryError(PARSE_ERROR, () -> Selection.parse(bad));
      assertThat(e).hasMessageThat().contains("failed to parse selection \"" + bad + "\"");
      assertThat(e).hasMessageThat().contains("at position");
    }
  }

  @Test
  void testSelectionToCompactAndBack() {
    assertRoundTrip(all(TRUE));
    assertRoundTrip(all(all(TRUE)));
    assertRoundTrip(all(all(all(TRUE))));

    assertRoundTrip(range(Range.of(4, 8, 1), TRUE));
    assertRoundTrip(range(Range.from(4, 1), TRUE));
    assertRoundTrip(range(Range.of(4, 5, 1), TRUE));
    assertRoundTrip(range(Range.from(0, 1), TRUE));

    assertRoundTrip(range(0, range(0, range(0, TRUE))));
    assertRoundTrip(range(1, range(1, range(1, TRUE))));
    assertRoundTrip(all(range(0, TRUE)));
    assertRoundTrip(all(range(0, all(TRUE))));

    assertRoundTrip(all(all(range(Range.from(4), TRUE))));
    assertRoundTrip(all(all(range(Range.from(1, 2), TRUE))));

    assertRoundTrip(
        union(all(all(range(Range.of(0, 4), TRUE))), all(all(range(Range.from(4, 1), TRUE)))));
    assertRoundTrip(
        union(
            all(range(0, range(Range.of(0, 4), TRUE))),
            all(range(1, range(Range.of(4, 8), TRUE)))));
    assertRoundTrip(
        union(all(all(range(Range.of(0, 2), TRUE))), all(all(range(Range.from(6, 1), TRUE)))));
    assertRoundTrip(
        union(all(all(range(Range.of(1, 4, 2), TRUE))), all(all(range(Range.from(5, 2), TRUE)))));
    assertRoundTrip(intersection(all(TRUE), all(TRUE)));
    assertRoundTrip(intersection(all(TRUE), all(all(range(Range.of(4, 8), TRUE)))));
    assertRoundTrip(
        intersection(all(all(range(Range.of(0, 5), TRUE))), all(all(range(Range.of(4, 8), TRUE)))));

    assertRoundTrip(any(any(any(TRUE))));
    assertRoundTrip(range(0, any(range(Range.of(0, 4), TRUE))));
    assertRoundTrip(range(0, any(TRUE)));
    assertRoundTrip(any(TRUE));
    assertRoundTrip(union(range(0, range(0, any(TRUE))), range(0, range(0, any(TRUE)))));
    assertRoundTrip(union(all(all(range(Range.of(1, 4), TRUE))), range(Range.of(5, 6), TRUE)));
    assertRoundTrip(all(all(union(range(Range.of(1, 4), TRUE), range(Range.of(5, 6), TRUE)))));
    assertRoundTrip(
        all(union(range(Range.of(1, 4, 1), all(TRUE)), range(Range.of(5, 6, 1), all(TRUE)))));
    assertRoundTrip(intersection(all(all(all(TRUE))), all(all(all(TRUE)))));
    assertRoundTrip(
        intersection(
            range(0, all(all(TRUE))), range(0, union(range(1, all(TRUE)), range(3, all(TRUE))))));
    assertRoundTrip(
        intersection(
            all(all(union(range(Range.of(0, 2), TRUE), range(Range.from(6, 1), TRUE)))),
            all(all(range(Range.from(4, 1), TRUE)))));
    assertRoundTrip(range(Range.of(1, 4), range(2, TRUE)));
  }

  @Test
  void compactFormsMatchTheSpec() {
    assertThat(all(range(Range.of(0, 4))).toCompactString()).isEqualTo("*,0:4");
    assertThat(Selection.parse("*,0:4,*").toCompactString()).isEqualTo("*,0:4,*");
    assertThat(Selection.parse("*,*,1:4|5:6").toCompactString()).isEqualTo("(*,*,1:4|5:6)");
    assertThat(range(Range.of(1, 8, 2)).toCompactString()).isEqualTo("1:8:2");
    assertThat(range(Range.from(3, 2)).toCompactString()).isEqualTo("3::2");
    for (Selection none : List.of(FALSE, first(TRUE), label(List.of("A100"), all(TRUE)))) {
      assertThat(assertGeometryError(UNSUPPORTED_SELECTION, none::toCompactString))
          .hasMessageThat()
          .contains("has no compact surface syntax");
    }
  }

  /**
   * A selection the surface syntax can express, nested at most {@code depth} deep: chains of
   * {@code *}, {@code ?} and ranges, with unions and intersections of non-trivial operands. A node
   * is a chain link four times in six, else a union or an intersection; a link is {@code *}, {@code
   * ?} or a range with equal chance, and its tail is {@code true} one time in four.
   */
  private static Selection expressible(SplittableRandom random, int depth) {
    if (depth > 0) {
      int pick = random.nextInt(6);
      if (pick == 4) {
        Selection a = expressible(random, depth - 1);
        return union(a, expressible(random, depth - 1));
      } else if (pick == 5) {
        Selection a = expressible(random, depth - 1);
        return intersection(a, expressible(random, depth - 1));
      }
    }
    return switch (random.nextInt(3)) {
      case 0 -> all(tail(random, depth));
      case 1 -> any(tail(random, depth));
      default -> {
        Range r = compactRange(random);
        yield range(r, tail(random, depth));
      }
    };
  }

  private static Selection tail(SplittableRandom random, int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      return TRUE;
    }
    return expressible(random, depth - 1);
  }

  /** A single index, a bounded range or an open range, with equal chance. */
  private static Range compactRange(SplittableRandom random) {
    int start = Generators.between(random, 0, 20);
    return switch (random.nextInt(3)) {
      case 0 -> Range.of(start);
      case 1 -> {
        int end = Generators.between(random, 0, 30);
        yield Range.of(start, end, Generators.between(random, 1, 4));
      }
      default -> Range.from(start, Generators.between(random, 1, 4));
    };
  }

  @Test
  void compactDisplayParseRoundTrip() {
    SeededCases.forAll(
        501,
        500,
        random -> expressible(random, 3),
        selection ->
            assertThat(Selection.parse(selection.toCompactString())).isEqualTo(selection));
  }
}
