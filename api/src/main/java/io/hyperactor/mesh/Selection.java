package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An expression that selects points of a multi-dimensional space, one dimension at a time: which
 * hosts, then which GPUs of each selected host, and so on.
 *
 * <p>Unary combinators consume one dimension and continue with their inner selection at the next:
 * {@link All} takes every index, {@link InRange} the indices of a {@link Range}, {@link First} the
 * first index whose continuation selects anything, {@link Any} one index at random. {@link Union}
 * and {@link Intersection} combine two selections at the same dimension. {@link True} selects
 * everything from where it stands (so a selection shorter than the space is implicitly extended),
 * {@link False} nothing. {@link Label} is reserved for attribute-based selection and does not
 * filter yet.
 *
 * <p>Selections are built with the static factories, or parsed from the surface syntax:
 *
 * <table>
 *   <caption>Surface syntax</caption>
 *   <tr><th>text</th><th>selection</th></tr>
 *   <tr><td>{@code *}</td><td>every index of this dimension: {@code all()}</td></tr>
 *   <tr><td>{@code ?}</td><td>one index at random: {@code any()}</td></tr>
 *   <tr><td>{@code 3}</td><td>index 3: {@code range(Range.of(3))}</td></tr>
 *   <tr><td>{@code 1:4}, {@code 1:8:2}, {@code 2:}, {@code :4}, {@code ::2}</td>
 *       <td>a range {@code start:end:step}; start defaults to 0, end to the dimension's size,
 *       step to 1</td></tr>
 *   <tr><td>{@code a,b}</td><td>{@code a} at this dimension, then {@code b} at the next</td></tr>
 *   <tr><td>{@code a&b}</td><td>the intersection; binds tighter than {@code |}</td></tr>
 *   <tr><td>{@code a|b}</td><td>the union</td></tr>
 *   <tr><td>{@code (a)}</td><td>grouping: {@code *,(1|3),*} unions inside the second
 *       dimension, while {@code *,1|3,*} is the union of {@code *,1} and {@code 3,*}</td></tr>
 * </table>
 *
 * <p>{@code toString()} shows the constructor form ({@code all(range(0:4:1, true_()))}); {@link
 * #toCompactString()} the surface syntax, which {@link #parse} reads back. Selections are records:
 * equality is structural.
 *
 * <pre>{@code
 * // On {zones: 2, hosts: 4, gpus: 8}: the first 4 GPUs of host 0 and the last 4 of host 1, in
 * // every zone.
 * Selection s = Selection.parse("*, 0, 0:4 | *, 1, 4:");
 * Selection same = Selection.union(
 *     Selection.all(Selection.range(0, Selection.range(Range.of(0, 4)))),
 *     Selection.all(Selection.range(1, Selection.range(Range.from(4)))));
 * int[] ranks = s.eval(EvalOpts.strict(), Slice.rowMajor(2, 4, 8)).toArray();
 * }</pre>
 */
public sealed interface Selection
    permits Selection.False,
        Selection.True,
        Selection.All,
        Selection.First,
        Selection.InRange,
        Selection.Label,
        Selection.Any,
        Selection.Intersection,
        Selection.Union {

  /** The selection of nothing. */
  Selection FALSE = new False();

  /** The selection of everything from the current dimension on. */
  Selection TRUE = new True();

  /** Selects nothing. */
  record False() implements Selection {
    @Override
    public String toString() {
      return "false_()";
    }
  }

  /** Selects every remaining index of every remaining dimension. */
  record True() implements Selection {
    @Override
    public String toString() {
      return "true_()";
    }
  }

  /** Every index of the current dimension, each continued with {@code inner}. */
  record All(Selection inner) implements Selection {
    public All {
      checkNotNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "all(" + inner + ")";
    }
  }

  /** The first index of the current dimension whose continuation {@code inner} selects anything. */
  record First(Selection inner) implements Selection {
    public First {
      checkNotNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "first(" + inner + ")";
    }
  }

  /** The indices of {@code range} in the current dimension, each continued with {@code inner}. */
  record InRange(Range range, Selection inner) implements Selection {
    public InRange {
      checkNotNull(range, "range");
      checkNotNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "range(" + range + ", " + inner + ")";
    }
  }

  /**
   * The indices of the current dimension whose attributes match {@code labels} (for example a GPU
   * model), continued with {@code inner}. Attribute filtering is not implemented yet: every index
   * matches, and a label over anything but {@code any} does not consume a dimension. The labels
   * are kept as an immutable list.
   */
  record Label(List<String> labels, Selection inner) implements Selection {
    public Label {
      labels = ImmutableList.copyOf(checkNotNull(labels, "labels"));
      checkNotNull(inner, "inner");
    }

    @Override
    public String toString() {
      String quoted = labels.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(", "));
      return "label([" + quoted + "], " + inner + ")";
    }
  }

  /** One index of the current dimension, chosen at random, continued with {@code inner}. */
  record Any(Selection inner) implements Selection {
    public Any {
      checkNotNull(inner, "inner");
    }

    @Override
    public String toString() {
      return "any(" + inner + ")";
    }
  }

  /** The points both {@code left} and {@code right} select, at the current dimension. */
  record Intersection(Selection left, Selection right) implements Selection {
    public Intersection {
      checkNotNull(left, "left");
      checkNotNull(right, "right");
    }

    @Override
    public String toString() {
      return "intersection(" + left + ", " + right + ")";
    }
  }

  /** The points either {@code left} or {@code right} selects, at the current dimension. */
  record Union(Selection left, Selection right) implements Selection {
    public Union {
      checkNotNull(left, "left");
      checkNotNull(right, "right");
    }

    @Override
    public String toString() {
      return "union(" + left + ", " + right + ")";
    }
  }

  // Factories, named after upstream's selection DSL.

  /** Every index of the current dimension, then everything: {@code *}. */
  static Selection all() {
    return new All(TRUE);
  }

  /** Every index of the current dimension, each continued with {@code inner}. */
  static Selection all(Selection inner) {
    return new All(inner);
  }

  /** The first index of the current dimension, then everything. */
  static Selection first() {
    return new First(TRUE);
  }

  /** The first index of the current dimension whose continuation selects anything. */
  static Selection first(Selection inner) {
    return new First(inner);
  }

  /** The indices of {@code range} in the current dimension, then everything. */
  static Selection range(Range range) {
    return new InRange(range, TRUE);
  }

  /** The indices of {@code range} in the current dimension, each continued with {@code inner}. */
  static Selection range(Range range, Selection inner) {
    return new InRange(range, inner);
  }

  /** Index {@code index} of the current dimension, then everything. */
  static Selection range(int index) {
    return new InRange(Range.of(index), TRUE);
  }

  /** Index {@code index} of the current dimension, continued with {@code inner}. */
  static Selection range(int index, Selection inner) {
    return new InRange(Range.of(index), inner);
  }

  /** The indices whose attributes match {@code labels}, continued with {@code inner}. */
  static Selection label(List<String> labels, Selection inner) {
    return new Label(ImmutableList.copyOf(labels), inner);
  }

  /** One random index of the current dimension, then everything: {@code ?}. */
  static Selection any() {
    return new Any(TRUE);
  }

  /** One random index of the current dimension, continued with {@code inner}. */
  static Selection any(Selection inner) {
    return new Any(inner);
  }

  /** The points both selections select. */
  static Selection intersection(Selection left, Selection right) {
    return new Intersection(left, right);
  }

  /** The points either selection selects. */
  static Selection union(Selection left, Selection right) {
    return new Union(left, right);
  }

  /**
   * Parses the surface syntax (see the class comment); whitespace is ignored.
   *
   * @throws GeometryException {@code PARSE_ERROR} naming the input and the position it fails at
   */
  static Selection parse(String text) {
    return SelectionSyntax.parse(checkNotNull(text, "text"));
  }

  /**
   * A selection of exactly {@code ranks}, locations of {@code slice}: for each rank in ascending
   * order a chain of single-index ranges down to its coordinates, the chains unioned from the left.
   * No ranks select {@link #FALSE}.
   *
   * @throws GeometryException {@code VALUE_NOT_IN_SLICE} naming a rank that is not in the slice
   */
  static Selection ofRanks(Slice slice, Collection<Integer> ranks) {
    return SelectionAlgebra.ofRanks(slice, ranks);
  }

  /**
   * A selection, in the coordinates of the contiguous {@code base}, of exactly the locations of
   * {@code slice}: a chain of ranges when the slice is a strided box aligned with the base, else
   * {@link #ofRanks}. An empty slice selects {@link #FALSE}.
   *
   * @throws GeometryException {@code NON_CONTIGUOUS} when the base is not contiguous, {@code
   *     VALUE_NOT_IN_SLICE} when the slice leaves the base
   */
  static Selection reifySlice(Slice base, Slice slice) {
    return SelectionAlgebra.reifySlice(base, slice);
  }

  /** The union of {@link #reifySlice} of each non-empty slice; {@link #FALSE} for none. */
  static Selection reifySlices(Slice base, List<Slice> slices) {
    return SelectionAlgebra.reifySlices(base, slices);
  }

  /**
   * The selection, aligned to {@code extent}'s labels, of {@code range} along {@code label}: every
   * earlier dimension is taken whole, every later one implicitly.
   *
   * @throws GeometryException {@code INVALID_DIM} when the extent has no such label
   */
  static Selection fromLabels(Extent extent, String label, Range range) {
    return SelectionAlgebra.fromLabel(extent, label, range);
  }

  /**
   * The selection, aligned to {@code extent}'s labels, of each {@code (label, range)} constraint,
   * every unconstrained dimension taken whole.
   *
   * @throws GeometryException {@code INVALID_DIM} naming a label the extent does not have
   */
  static Selection fromLabels(Extent extent, Map<String, Range> constraints) {
    return SelectionAlgebra.fromLabels(extent, constraints);
  }

  // Operations.

  /**
   * Checks this selection against {@code slice} under {@code opts}, as {@link #eval} does first.
   *
   * @return this selection
   * @throws GeometryException {@code SELECTION_TOO_DEEP}, {@code EMPTY_RANGE} or {@code
   *     SELECTION_DYNAMIC}, naming the selection
   */
  default Selection validate(EvalOpts opts, Slice slice) {
    return SelectionEval.validate(this, opts, slice);
  }

  /**
   * The locations of {@code slice} this selection selects. For slices laid out in row-major order
   * (any region derived from an extent) they come in ascending order without repeats. A 0-d slice
   * is treated as one dimension of size 1.
   *
   * @throws GeometryException as {@link #validate}
   */
  default IntStream eval(EvalOpts opts, Slice slice) {
    return IntStream.of(SelectionEval.eval(this, opts, slice));
  }

  /** The locations {@link #eval} selects, less {@code exclusions}. */
  default IntStream difference(EvalOpts opts, Slice slice, Set<Integer> exclusions) {
    return eval(opts, slice).filter(rank -> !exclusions.contains(rank));
  }

  /**
   * A selection of the locations this one selects (strictly evaluated) less {@code exclusions},
   * built with {@link #ofRanks}.
   */
  default Selection without(Slice slice, Set<Integer> exclusions) {
    return ofRanks(slice, difference(EvalOpts.strict(), slice, exclusions).boxed().toList());
  }

  /**
   * Whether the point at {@code coords} is selected, judged from the coordinates alone (no
   * dimension sizes: an open range has no end).
   *
   * @throws GeometryException {@code UNSUPPORTED_SELECTION} for {@code first}, {@code any} and
   *     {@code label}, which need the space
   */
  default boolean contains(int... coords) {
    return SelectionAlgebra.contains(this, coords);
  }

  /** Whether this is {@link #TRUE} under any number of {@link All}s: a syntactic check. */
  default boolean isEquivalentToTrue() {
    Selection s = this;
    while (s instanceof All all) {
      s = all.inner();
    }
    return s instanceof True;
  }

  /**
   * The intersection of this and {@code other}, simplified: {@link #FALSE} if either is false, the
   * other if one is true.
   */
  default Selection reduceIntersection(Selection other) {
    if (this instanceof False || other instanceof False) {
      return FALSE;
    }
    if (this instanceof True) {
      return other;
    }
    if (other instanceof True) {
      return this;
    }
    return new Intersection(this, other);
  }

  /**
   * This selection made explicit for {@code numDims} dimensions: a {@code true} or {@code false}
   * standing at depth {@code d < numDims} becomes {@code numDims - d} nested {@code all}s around
   * it, and {@code any(true)} becomes as many nested {@code any}s. So {@code true} for 3 dimensions
   * is {@code all(all(all(true_())))}.
   */
  default Selection canonicalizeToDimensions(int numDims) {
    checkArgument(numDims > 0, "canonicalizeToDimensions needs numDims > 0, got %s", numDims);
    return SelectionAlgebra.canonicalize(this, 0, numDims);
  }

  /**
   * A canonical form of this selection for comparison: unions and intersections flattened,
   * deduplicated and ordered, {@code all(true)} folded to {@code true}, and other identities
   * applied. Equivalent selections often (not always) normalize equal. The result is for keys and
   * tests, not evaluation: {@code all(all(x))} becomes {@code all(x)}.
   */
  default Selection normalize() {
    return NormalizedSelection.normalize(this);
  }

  /**
   * The surface syntax of this selection, which {@link #parse} reads back.
   *
   * @throws GeometryException {@code UNSUPPORTED_SELECTION} for {@code false}, {@code first} and
   *     {@code label}, which the syntax cannot express
   */
  default String toCompactString() {
    return SelectionSyntax.compact(this);
  }
}
