package io.hyperactor.mesh;

import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.SELECTION_DYNAMIC;
import static io.hyperactor.mesh.GeometryException.Kind.SELECTION_TOO_DEEP;

import com.google.common.primitives.ImmutableIntArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Validation and evaluation of a {@link Selection} against a {@link Slice}.
 *
 * <p>Evaluation is eager: it fills an array rather than chaining lazy iterators, which is simpler
 * and, for the sizes meshes have, faster. Unions and intersections merge their two sorted operand
 * results as upstream's merge-join does (equal heads kept once). Chains of unions (as {@link
 * Selection#ofRanks} builds, one link per rank) are walked along their left spine with a loop, so
 * their length does not deepen the recursion.
 */
final class SelectionEval {
  private SelectionEval() {}

  static Selection validate(Selection top, EvalOpts opts, Slice slice) {
    record Work(Selection selection, int dim) {}
    Deque<Work> stack = new ArrayDeque<>();
    stack.push(new Work(top, 0));
    int ndim = slice.numDims();
    while (!stack.isEmpty()) {
      Work work = stack.pop();
      Selection s = work.selection();
      int dim = work.dim();
      if (dim == ndim) {
        // True and False may stand at the leaf, so that all(true) and true agree there.
        if (s instanceof Selection.True || s instanceof Selection.False) {
          continue;
        }
        throw GeometryException.of(
            SELECTION_TOO_DEEP, "selection `%s` exceeds dimensionality %s", top, ndim);
      }
      switch (s) {
        case Selection.False f -> {}
        case Selection.True t -> {}
        case Selection.InRange(Range range, Selection inner) -> {
          if (range.isEmpty() && opts.disallowEmptyRanges()) {
            throw GeometryException.of(EMPTY_RANGE, "empty range %s in selection `%s`", range, top);
          }
          if (opts.disallowOutOfRange()) {
            int size = slice.sizeAt(dim);
            if (range.resolve(size).start() >= size) {
              throw GeometryException.of(
                  EMPTY_RANGE,
                  "empty range %s in selection `%s`: dimension %s has size %s",
                  range,
                  top,
                  dim,
                  size);
            }
          }
          stack.push(new Work(inner, dim + 1));
        }
        case Selection.Any(Selection inner) -> {
          if (opts.disallowDynamicSelections()) {
            throw GeometryException.of(SELECTION_DYNAMIC, "dynamic selection `%s`", top);
          }
          stack.push(new Work(inner, dim + 1));
        }
        case Selection.All(Selection inner) -> stack.push(new Work(inner, dim + 1));
        case Selection.First(Selection inner) -> stack.push(new Work(inner, dim + 1));
        case Selection.Label(var labels, Selection inner) -> stack.push(new Work(inner, dim + 1));
        // Right pushed first so the left operand is checked first, as upstream does.
        case Selection.Intersection(Selection a, Selection b) -> {
          stack.push(new Work(b, dim));
          stack.push(new Work(a, dim));
        }
        case Selection.Union(Selection a, Selection b) -> {
          stack.push(new Work(b, dim));
          stack.push(new Work(a, dim));
        }
      }
    }
    return top;
  }

  static int[] eval(Selection selection, EvalOpts opts, Slice slice) {
    // A 0-d slice is the single point of the empty product: evaluate it as one dimension of 1.
    Slice space =
        slice.numDims() == 0 ? Slice.of(slice.offset(), new int[] {1}, new int[] {1}) : slice;
    validate(selection, opts, space);
    ImmutableIntArray.Builder out = ImmutableIntArray.builder();
    evalRec(selection, space, new int[space.numDims()], 0, out);
    return out.build().toArray();
  }

  private static void evalRec(
      Selection selection, Slice slice, int[] env, int dim, ImmutableIntArray.Builder out) {
    int ndim = slice.numDims();
    if (dim == ndim) {
      switch (selection) {
        case Selection.True t -> out.add(slice.location(env));
        case Selection.False f -> {}
        default ->
            throw new IllegalStateException(
                "structural combinator " + selection + " at leaf level (dim = " + dim + ")");
      }
      return;
    }
    int size = slice.sizeAt(dim);
    switch (selection) {
      case Selection.False f -> {}
      case Selection.True t -> {
        for (int i = 0; i < size; i++) {
          env[dim] = i;
          evalRec(selection, slice, env, dim + 1, out);
        }
      }
      case Selection.All(Selection inner) -> {
        for (int i = 0; i < size; i++) {
          env[dim] = i;
          evalRec(inner, slice, env, dim + 1, out);
        }
      }
      case Selection.First(Selection inner) -> {
        for (int i = 0; i < size; i++) {
          env[dim] = i;
          ImmutableIntArray.Builder sub = ImmutableIntArray.builder();
          evalRec(inner, slice, env, dim + 1, sub);
          ImmutableIntArray found = sub.build();
          if (!found.isEmpty()) {
            out.addAll(found);
            return;
          }
        }
      }
      case Selection.InRange(Range range, Selection inner) -> {
        Range.Resolved r = range.resolve(size);
        for (long i = r.start(); i < r.end(); i += r.step()) {
          env[dim] = (int) i;
          evalRec(inner, slice, env, dim + 1, out);
        }
      }
      // Labels do not filter yet: label(any(s)) picks an index at random, any other label form
      // evaluates its inner selection at the same dimension.
      case Selection.Label(var labels, Selection inner) -> {
        if (inner instanceof Selection.Any(Selection sub)) {
          if (size > 0) {
            env[dim] = ThreadLocalRandom.current().nextInt(size);
            evalRec(sub, slice, env, dim + 1, out);
          }
        } else {
          evalRec(inner, slice, env, dim, out);
        }
      }
      case Selection.Any(Selection inner) -> {
        if (size > 0) {
          env[dim] = ThreadLocalRandom.current().nextInt(size);
          evalRec(inner, slice, env, dim + 1, out);
        }
      }
      case Selection.Union u -> out.addAll(evalChain(u, slice, env, dim));
      case Selection.Intersection x -> out.addAll(evalChain(x, slice, env, dim));
    }
  }

  /**
   * Evaluates a union or intersection, walking down its left spine of the same operator and
   * merging the right operands back up in order: the same result as recursing, without the depth.
   */
  private static ImmutableIntArray evalChain(Selection node, Slice slice, int[] env, int dim) {
    boolean union = node instanceof Selection.Union;
    List<Selection> rights = new ArrayList<>();
    Selection s = node;
    while (union ? s instanceof Selection.Union : s instanceof Selection.Intersection) {
      if (s instanceof Selection.Union(Selection a, Selection b)) {
        rights.add(b);
        s = a;
      } else if (s instanceof Selection.Intersection(Selection a, Selection b)) {
        rights.add(b);
        s = a;
      }
    }
    ImmutableIntArray acc = evalAt(s, slice, env, dim);
    for (int i = rights.size() - 1; i >= 0; i--) {
      ImmutableIntArray right = evalAt(rights.get(i), slice, env, dim);
      acc = merge(acc, right, union);
    }
    return acc;
  }

  private static ImmutableIntArray evalAt(Selection s, Slice slice, int[] env, int dim) {
    ImmutableIntArray.Builder out = ImmutableIntArray.builder();
    evalRec(s, slice, env, dim, out);
    return out.build();
  }

  // A merge-join of two sequences assumed ascending: a union keeps every value (equal heads once),
  // an intersection only the equal heads.
  static ImmutableIntArray merge(ImmutableIntArray a, ImmutableIntArray b, boolean union) {
    ImmutableIntArray.Builder out = ImmutableIntArray.builder(a.length() + b.length());
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.get(i);
      int y = b.get(j);
      if (x < y) {
        if (union) {
          out.add(x);
        }
        i++;
      } else if (x > y) {
        if (union) {
          out.add(y);
        }
        j++;
      } else {
        out.add(x);
        i++;
        j++;
      }
    }
    if (union) {
      out.addAll(a.subArray(i, a.length()));
      out.addAll(b.subArray(j, b.length()));
    }
    return out.build();
  }
}
