package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Selection} as it travels in a routing frame: the same tree, with each range spelled out
 * as its start, end and step, since {@link Range} is not a record.
 */
sealed interface SelectionWire {

  /** The selection this one stands for. */
  Selection toSelection();

  /** The wire form of {@code selection}. */
  static SelectionWire of(Selection selection) {
    checkNotNull(selection, "selection");
    return switch (selection) {
      case Selection.True t -> new True();
      case Selection.False f -> new False();
      case Selection.All(Selection inner) -> new All(of(inner));
      case Selection.First(Selection inner) -> new First(of(inner));
      case Selection.Any(Selection inner) -> new Any(of(inner));
      case Selection.InRange(Range range, Selection inner) ->
          new InRange(
              range.start(),
              range.end().isPresent() ? range.end().getAsInt() : null,
              range.step(),
              of(inner));
      case Selection.Label(List<String> labels, Selection inner) ->
          new Label(ImmutableList.copyOf(labels), of(inner));
      case Selection.Intersection(Selection left, Selection right) ->
          new Intersection(of(left), of(right));
      case Selection.Union(Selection left, Selection right) -> new Union(of(left), of(right));
    };
  }

  /** {@code true}. */
  record True() implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.TRUE;
    }
  }

  /** {@code false}. */
  record False() implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.FALSE;
    }
  }

  /** Every index of this dimension. */
  record All(SelectionWire inner) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.all(inner.toSelection());
    }
  }

  /** The first index whose continuation selects anything. */
  record First(SelectionWire inner) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.first(inner.toSelection());
    }
  }

  /** One index at random. */
  record Any(SelectionWire inner) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.any(inner.toSelection());
    }
  }

  /** A range of indices; {@code end} is null for an open range. */
  record InRange(int start, @Nullable Integer end, int step, SelectionWire inner)
      implements SelectionWire {
    @Override
    public Selection toSelection() {
      Range range = end == null ? Range.from(start, step) : Range.of(start, end, step);
      return Selection.range(range, inner.toSelection());
    }
  }

  /** A label constraint. */
  record Label(ImmutableList<String> labels, SelectionWire inner) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.label(labels, inner.toSelection());
    }
  }

  /** The points both operands select. */
  record Intersection(SelectionWire left, SelectionWire right) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.intersection(left.toSelection(), right.toSelection());
    }
  }

  /** The points either operand selects. */
  record Union(SelectionWire left, SelectionWire right) implements SelectionWire {
    @Override
    public Selection toSelection() {
      return Selection.union(left.toSelection(), right.toSelection());
    }
  }
}
