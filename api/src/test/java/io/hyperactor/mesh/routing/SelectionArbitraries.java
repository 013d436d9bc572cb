package io.hyperactor.mesh.routing;

import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random selections that strict evaluation accepts over a row-major space of the given sizes, in
 * the spirit of upstream's {@code gen_selection}: {@code true}, ranges (non-empty, starting inside
 * the dimension, possibly running past its end or open, with steps), {@code all}, unions and
 * intersections. No {@code any}, whose result is random.
 */
final class SelectionArbitraries {
  private SelectionArbitraries() {}

  static Arbitrary<Selection> selections(List<Integer> sizes, int depth) {
    return selections(sizes, 0, depth);
  }

  private static Arbitrary<Selection> selections(List<Integer> sizes, int dim, int depth) {
    if (depth == 0 || dim >= sizes.size()) {
      return Arbitraries.just(Selection.TRUE);
    }
    Arbitrary<Selection> next = Arbitraries.lazy(() -> selections(sizes, dim + 1, depth - 1));
    Arbitrary<Selection> same = Arbitraries.lazy(() -> selections(sizes, dim, depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Selection.TRUE)),
        Tuple.of(4, Combinators.combine(ranges(sizes.get(dim)), next).as(Selection::range)),
        Tuple.of(2, next.map(Selection::all)),
        Tuple.of(2, Combinators.combine(same, same).as(Selection::union)),
        Tuple.of(2, Combinators.combine(same, same).as(Selection::intersection)));
  }

  /** Ranges over a dimension of {@code size} that start inside it and are not empty. */
  static Arbitrary<Range> ranges(int size) {
    Arbitrary<Integer> starts = Arbitraries.integers().between(0, size - 1);
    Arbitrary<Integer> steps = Arbitraries.integers().between(1, Math.max(1, Math.min(3, size)));
    Arbitrary<Range> bounded =
        Combinators.combine(starts, Arbitraries.integers().between(1, size + 1), steps)
            .as((start, len, step) -> Range.of(start, start + len, step));
    Arbitrary<Range> open = Combinators.combine(starts, steps).as(Range::from);
    return Arbitraries.frequencyOf(Tuple.of(3, bounded), Tuple.of(1, open));
  }
}
