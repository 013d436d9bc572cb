package io.hyperactor.mesh;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The normalized form of a {@link Selection}: unions and intersections are ordered sets, so that
 * reordered and duplicated operands compare equal.
 *
 * <p>Normalization folds a selection into this form and rewrites it bottom-up; at each node, after
 * its children, three rule sets run in order:
 *
 * <ol>
 *   <li>flattening: nested unions (intersections) merge into one;
 *   <li>identities: {@code all(all(x)) → all(x)}, {@code all(true) → true}, {@code all(false) →
 *       false}, an intersection drops {@code true} and a union drops {@code false} (an empty one
 *       becoming the identity, a singleton its element);
 *   <li>absorption: a union with {@code true} is {@code true}, an intersection with {@code false}
 *       is {@code false}.
 * </ol>
 *
 * <p>The result converts back to a {@link Selection} with the set members combined from the left
 * in order. Members order by variant ({@code false < true < all < first < range < label < any <
 * union < intersection}), then by their fields.
 */
sealed interface NormalizedSelection extends Comparable<NormalizedSelection> {
  record False() implements NormalizedSelection {}

  record True() implements NormalizedSelection {}

  record All(NormalizedSelection inner) implements NormalizedSelection {}

  record First(NormalizedSelection inner) implements NormalizedSelection {}

  record InRange(Range range, NormalizedSelection inner) implements NormalizedSelection {}

  record Label(ImmutableList<String> labels, NormalizedSelection inner)
      implements NormalizedSelection {}

  record Any(NormalizedSelection inner) implements NormalizedSelection {}

  record Union(ImmutableSortedSet<NormalizedSelection> members) implements NormalizedSelection {}

  record Intersection(ImmutableSortedSet<NormalizedSelection> members)
      implements NormalizedSelection {}

  NormalizedSelection FALSE = new False();
  NormalizedSelection TRUE = new True();

  /** The normalized form of {@code selection}, converted back to a selection. */
  static Selection normalize(Selection selection) {
    return rewriteBottomUp(fold(selection)).toSelection();
  }

  /** {@code selection} in this form, with no rewriting beyond set semantics. */
  static NormalizedSelection fold(Selection selection) {
    return switch (selection) {
      case Selection.False f -> FALSE;
      case Selection.True t -> TRUE;
      case Selection.All(Selection inner) -> new All(fold(inner));
      case Selection.First(Selection inner) -> new First(fold(inner));
      case Selection.InRange(Range range, Selection inner) -> new InRange(range, fold(inner));
      case Selection.Label(List<String> labels, Selection inner) ->
          new Label(ImmutableList.copyOf(labels), fold(inner));
      case Selection.Any(Selection inner) -> new Any(fold(inner));
      case Selection.Union(Selection a, Selection b) ->
          new Union(ImmutableSortedSet.of(fold(a), fold(b)));
      case Selection.Intersection(Selection a, Selection b) ->
          new Intersection(ImmutableSortedSet.of(fold(a), fold(b)));
    };
  }

  static NormalizedSelection rewriteBottomUp(NormalizedSelection node) {
    NormalizedSelection mapped = node.mapChildren(NormalizedSelection::rewriteBottomUp);
    return absorb(identities(flatten(mapped)));
  }

  /** This node with {@code f} applied to each child. */
  default NormalizedSelection mapChildren(UnaryOperator<NormalizedSelection> f) {
    return switch (this) {
      case All(NormalizedSelection inner) -> new All(f.apply(inner));
      case First(NormalizedSelection inner) -> new First(f.apply(inner));
      case Any(NormalizedSelection inner) -> new Any(f.apply(inner));
      case InRange(Range range, NormalizedSelection inner) -> new InRange(range, f.apply(inner));
      case Label(ImmutableList<String> labels, NormalizedSelection inner) ->
          new Label(labels, f.apply(inner));
      case Union(ImmutableSortedSet<NormalizedSelection> members) ->
          new Union(mapSet(members, f));
      case Intersection(ImmutableSortedSet<NormalizedSelection> members) ->
          new Intersection(mapSet(members, f));
      case True t -> t;
      case False f2 -> f2;
    };
  }

  private static ImmutableSortedSet<NormalizedSelection> mapSet(
      ImmutableSortedSet<NormalizedSelection> members, UnaryOperator<NormalizedSelection> f) {
    ImmutableSortedSet.Builder<NormalizedSelection> out = ImmutableSortedSet.naturalOrder();
    members.forEach(m -> out.add(f.apply(m)));
    return out.build();
  }

  /** The flattening rules: nested unions (intersections) merged into one. */
  static NormalizedSelection flatten(NormalizedSelection node) {
    if (node instanceof Union(ImmutableSortedSet<NormalizedSelection> members)) {
      ImmutableSortedSet.Builder<NormalizedSelection> out = ImmutableSortedSet.naturalOrder();
      for (NormalizedSelection m : members) {
        if (m instanceof Union(ImmutableSortedSet<NormalizedSelection> inner)) {
          out.addAll(inner);
        } else {
          out.add(m);
        }
      }
      return new Union(out.build());
    }
    if (node instanceof Intersection(ImmutableSortedSet<NormalizedSelection> members)) {
      ImmutableSortedSet.Builder<NormalizedSelection> out = ImmutableSortedSet.naturalOrder();
      for (NormalizedSelection m : members) {
        if (m instanceof Intersection(ImmutableSortedSet<NormalizedSelection> inner)) {
          out.addAll(inner);
        } else {
          out.add(m);
        }
      }
      return new Intersection(out.build());
    }
    return node;
  }

  /** The identity rules. */
  static NormalizedSelection identities(NormalizedSelection node) {
    return switch (node) {
      case All(All grandchild) -> grandchild;
      case All(True t) -> TRUE;
      case All(False f) -> FALSE;
      case Intersection(ImmutableSortedSet<NormalizedSelection> members) -> {
        List<NormalizedSelection> rest =
            members.stream().filter(m -> !(m instanceof True)).toList();
        yield switch (rest.size()) {
          case 0 -> TRUE;
          case 1 -> rest.get(0);
          default -> new Intersection(ImmutableSortedSet.copyOf(rest));
        };
      }
      case Union(ImmutableSortedSet<NormalizedSelection> members) -> {
        List<NormalizedSelection> rest =
            members.stream().filter(m -> !(m instanceof False)).toList();
        yield switch (rest.size()) {
          case 0 -> FALSE;
          case 1 -> rest.get(0);
          default -> new Union(ImmutableSortedSet.copyOf(rest));
        };
      }
      default -> node;
    };
  }

  /** The absorption rules. */
  static NormalizedSelection absorb(NormalizedSelection node) {
    if (node instanceof Union(ImmutableSortedSet<NormalizedSelection> members)
        && members.contains(TRUE)) {
      return TRUE;
    }
    if (node instanceof Intersection(ImmutableSortedSet<NormalizedSelection> members)
        && members.contains(FALSE)) {
      return FALSE;
    }
    return node;
  }

  /** Back to a selection: set members combined from the left, in order. */
  default Selection toSelection() {
    return switch (this) {
      case True t -> Selection.TRUE;
      case False f -> Selection.FALSE;
      case All(NormalizedSelection inner) -> Selection.all(inner.toSelection());
      case First(NormalizedSelection inner) -> Selection.first(inner.toSelection());
      case Any(NormalizedSelection inner) -> Selection.any(inner.toSelection());
      case InRange(Range range, NormalizedSelection inner) ->
          Selection.range(range, inner.toSelection());
      case Label(ImmutableList<String> labels, NormalizedSelection inner) ->
          Selection.label(labels, inner.toSelection());
      case Union(ImmutableSortedSet<NormalizedSelection> members) -> {
        Selection acc = null;
        for (NormalizedSelection m : members) {
          acc = acc == null ? m.toSelection() : Selection.union(acc, m.toSelection());
        }
        yield acc == null ? Selection.FALSE : acc;
      }
      case Intersection(ImmutableSortedSet<NormalizedSelection> members) -> {
        Selection acc = null;
        for (NormalizedSelection m : members) {
          acc = acc == null ? m.toSelection() : Selection.intersection(acc, m.toSelection());
        }
        yield acc == null ? Selection.TRUE : acc;
      }
    };
  }

  private int variant() {
    return switch (this) {
      case False f -> 0;
      case True t -> 1;
      case All a -> 2;
      case First f -> 3;
      case InRange r -> 4;
      case Label l -> 5;
      case Any a -> 6;
      case Union u -> 7;
      case Intersection x -> 8;
    };
  }

  @Override
  default int compareTo(NormalizedSelection other) {
    int byVariant = Integer.compare(variant(), other.variant());
    if (byVariant != 0) {
      return byVariant;
    }
    return switch (this) {
      case False f -> 0;
      case True t -> 0;
      case All(NormalizedSelection inner) -> inner.compareTo(((All) other).inner());
      case First(NormalizedSelection inner) -> inner.compareTo(((First) other).inner());
      case Any(NormalizedSelection inner) -> inner.compareTo(((Any) other).inner());
      case InRange(Range range, NormalizedSelection inner) -> {
        InRange o = (InRange) other;
        int c = range.compareTo(o.range());
        yield c != 0 ? c : inner.compareTo(o.inner());
      }
      case Label(ImmutableList<String> labels, NormalizedSelection inner) -> {
        Label o = (Label) other;
        int c = lexicographic(labels, o.labels(), Comparator.<String>naturalOrder());
        yield c != 0 ? c : inner.compareTo(o.inner());
      }
      case Union(ImmutableSortedSet<NormalizedSelection> members) ->
          lexicographic(members, ((Union) other).members(), Comparator.naturalOrder());
      case Intersection(ImmutableSortedSet<NormalizedSelection> members) ->
          lexicographic(members, ((Intersection) other).members(), Comparator.naturalOrder());
    };
  }

  private static <T> int lexicographic(
      Iterable<T> left, Iterable<T> right, Comparator<? super T> order) {
    Iterator<T> a = left.iterator();
    Iterator<T> b = right.iterator();
    while (a.hasNext() && b.hasNext()) {
      int c = order.compare(a.next(), b.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(a.hasNext(), b.hasNext());
  }
}
