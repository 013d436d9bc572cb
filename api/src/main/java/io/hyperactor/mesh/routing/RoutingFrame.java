package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.UNSUPPORTED_SELECTION;

import com.google.common.primitives.Ints;
import io.hyperactor.mesh.EvalOpts;
import io.hyperactor.mesh.GeometryException;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The state of a selection being routed through a mesh: the coordinate it has reached ({@link
 * #here}), the selection that remains to apply ({@link #selection}), the space ({@link #slice}) and
 * the dimension routing has got to ({@link #dim}).
 *
 * <p>Routing walks one dimension per hop. {@link #nextSteps} expands a frame at the current
 * dimension into frames one dimension further, mirroring the selection: {@code all} and ranges
 * fan out to every index they take, {@code any} to one random index, unions to both operands,
 * intersections to the coordinates both operands reach. A frame whose selection is {@code true}
 * after the last dimension {@linkplain #deliverHere delivers} at its coordinate.
 *
 * <p>Every selected point is reached along one path whatever the selection (the root, then each
 * prefix of its coordinate), which is what lets the comm tree keep messages in order with
 * per-edge sequence numbers. See {@link RoutingDecision#resolve} for the per-rank step a comm actor
 * takes.
 *
 * <pre>{@code
 * RoutingFrame root = RoutingFrame.root(Selection.parse("*,1:3"), Slice.rowMajor(2, 4));
 * RoutingDecision atRoot = RoutingDecision.resolve(0, List.of(root));
 * atRoot.deliverHere();         // false: rank 0 is not selected
 * atRoot.forwards().keySet();   // [1, 2, 4]: its row's ranks 1 and 2, and rank 4 for row 1
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RoutingFrame {
  private final int[] here;
  private final Selection selection;
  private final Slice slice;
  private final int dim;

  private RoutingFrame(int[] here, Selection selection, Slice slice, int dim) {
    this.here = here;
    this.selection = selection;
    this.slice = slice;
    this.dim = dim;
  }

  /**
   * The frame routing starts from: coordinate zero, dimension 0, and {@code selection} made
   * explicit for every dimension of {@code slice} ({@link Selection#canonicalizeToDimensions}). A
   * 0-d slice is routed as one dimension of size 1.
   *
   * @throws GeometryException {@code SELECTION_TOO_DEEP} when the selection has more dimensions
   *     than the slice
   */
  public static RoutingFrame root(Selection selection, Slice slice) {
    checkNotNull(selection, "selection");
    Slice space =
        slice.numDims() > 0 ? slice : Slice.of(slice.offset(), new int[] {1}, new int[] {1});
    selection.validate(EvalOpts.lenient(), space);
    int n = space.numDims();
    return new RoutingFrame(new int[n], selection.canonicalizeToDimensions(n), space, 0);
  }

  /**
   * The frame with exactly these parts: how a frame that travelled in a message (as its {@link
   * #here}, {@link #selection}, {@link #slice} and {@link #dim}) is rebuilt.
   *
   * @throws IllegalArgumentException when {@code here} does not have one coordinate per dimension
   *     of {@code slice}, a coordinate is outside its dimension, or {@code dim} is not between 0
   *     and the number of dimensions
   */
  public static RoutingFrame of(List<Integer> here, Selection selection, Slice slice, int dim) {
    checkNotNull(here, "here");
    checkNotNull(selection, "selection");
    checkNotNull(slice, "slice");
    int n = slice.numDims();
    checkArgument(
        here.size() == n,
        "routing frame coordinate %s has %s dimensions, but slice %s has %s",
        here,
        here.size(),
        slice,
        n);
    checkArgument(
        dim >= 0 && dim <= n, "routing frame dimension %s is outside 0..%s of slice %s", dim, n, slice);
    int[] coords = new int[n];
    for (int i = 0; i < n; i++) {
      int c = checkNotNull(here.get(i), "coordinate");
      checkArgument(
          c >= 0 && c < slice.size(i),
          "routing frame coordinate %s is outside dimension %s (size %s) of slice %s",
          here,
          i,
          slice.size(i),
          slice);
      coords[i] = c;
    }
    return new RoutingFrame(coords, selection, slice, dim);
  }

  /** The coordinate this frame stands at. */
  public List<Integer> here() {
    return Ints.asList(here.clone());
  }

  /** The selection still to apply, from {@link #dim} on. */
  public Selection selection() {
    return selection;
  }

  /** The space being routed through. */
  public Slice slice() {
    return slice;
  }

  /** How many dimensions have been routed. */
  public int dim() {
    return dim;
  }

  /** The location (base rank) of {@link #here} in the slice. */
  public int location() {
    return slice.location(here);
  }

  /**
   * Whether the message is delivered at {@link #here}: the selection is spent at the last
   * dimension.
   */
  public boolean deliverHere() {
    return dim == slice.numDims() && selection instanceof Selection.True;
  }

  /** The frames one dimension further; {@code any} chooses at random. */
  public List<RoutingFrame> nextSteps() {
    return nextSteps(ThreadLocalRandom.current());
  }

  /**
   * The frames one dimension further, in selection order (a union's left operand first); {@code
   * any} draws its index from {@code random}. A frame that delivers, or whose selection is {@code
   * false}, has none.
   *
   * @throws GeometryException {@code UNSUPPORTED_SELECTION} for {@code first} and {@code label},
   *     which routing cannot decide locally
   */
  public List<RoutingFrame> nextSteps(RandomGenerator random) {
    List<RoutingFrame> out = new ArrayList<>();
    visitNextSteps(selection, random, out::add);
    return out;
  }

  private void visitNextSteps(Selection s, RandomGenerator random, Consumer<RoutingFrame> f) {
    if (dim >= slice.numDims()) {
      return; // Past the last dimension only true and false remain: nothing to expand.
    }
    int size = slice.size(dim);
    switch (s) {
      case Selection.True t -> {}
      case Selection.False x -> {}
      case Selection.All(Selection inner) -> {
        for (int i = 0; i < size; i++) {
          f.accept(advance(i, inner));
        }
      }
      case Selection.InRange(Range range, Selection inner) -> {
        Range.Resolved r = range.resolve(size);
        for (long i = r.start(); i < r.end(); i += r.step()) {
          f.accept(advance((int) i, inner));
        }
      }
      case Selection.Any(Selection inner) -> {
        if (size > 0) {
          f.accept(advance(random.nextInt(size), inner));
        }
      }
      case Selection.Union u -> {
        // Walk the left spine with a loop: a union of many ranks nests as deep as it is long.
        List<Selection> rights = new ArrayList<>();
        Selection left = u;
        while (left instanceof Selection.Union(Selection a, Selection b)) {
          rights.add(b);
          left = a;
        }
        visitNextSteps(left, random, f);
        for (int i = rights.size() - 1; i >= 0; i--) {
          visitNextSteps(rights.get(i), random, f);
        }
      }
      case Selection.Intersection(Selection a, Selection b) -> {
        List<RoutingFrame> left = new ArrayList<>();
        List<RoutingFrame> right = new ArrayList<>();
        visitNextSteps(a, random, left::add);
        visitNextSteps(b, random, right::add);
        for (RoutingFrame fa : left) {
          for (RoutingFrame fb : right) {
            if (Arrays.equals(fa.here, fb.here)) {
              f.accept(
                  new RoutingFrame(
                      fa.here, fa.selection.reduceIntersection(fb.selection), slice, dim + 1));
            }
          }
        }
      }
      case Selection.First first -> throw unsupported(first);
      case Selection.Label label -> throw unsupported(label);
    }
  }

  private static GeometryException unsupported(Selection s) {
    return new GeometryException(
        UNSUPPORTED_SELECTION,
        "routing does not support " + s + ": it cannot be decided one dimension at a time");
  }

  private RoutingFrame advance(int index, Selection inner) {
    int[] next = here.clone();
    next[dim] = index;
    return new RoutingFrame(next, inner, slice, dim + 1);
  }

  /**
   * The path of coordinates from this frame to {@code dest}, if {@code dest} is selected: this
   * frame's coordinate first, {@code dest} last, one hop per dimension routed.
   */
  public Optional<List<List<Integer>>> traceRoute(int... dest) {
    List<List<Integer>> path = new ArrayList<>();
    Set<RoutingFrameKey> seen = new HashSet<>();
    return trace(this, dest, path, seen) ? Optional.of(List.copyOf(path)) : Optional.empty();
  }

  private static boolean trace(
      RoutingFrame frame, int[] dest, List<List<Integer>> path, Set<RoutingFrameKey> seen) {
    if (!seen.add(RoutingFrameKey.of(frame))) {
      return false;
    }
    path.add(frame.here());
    if (frame.deliverHere() && Arrays.equals(frame.here, dest)) {
      return true;
    }
    for (RoutingFrame next : frame.nextSteps()) {
      if (trace(next, dest, path, seen)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  int[] hereArray() {
    return here;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingFrame f
        && f.dim == dim
        && Arrays.equals(f.here, here)
        && f.selection.equals(selection)
        && f.slice.equals(slice);
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(here) * 31 + dim) * 31 + selection.hashCode()) * 31
        + slice.hashCode();
  }

  @Override
  public String toString() {
    return "RoutingFrame{here="
        + Arrays.toString(here)
        + ", dim="
        + dim
        + ", selection="
        + selection
        + ", slice="
        + slice
        + "}";
  }
}
