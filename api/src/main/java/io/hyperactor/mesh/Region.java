package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.DIM_MISMATCH;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIM;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_POINT;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_BASE_RANK;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PrimitiveIterator;

/**
 * A possibly sparse hyper-rectangle of <em>base ranks</em> (locations in a root space), with a
 * label per dimension: the ranks a mesh, or a slice of it, covers.
 *
 * <p>View rank {@code i} (row-major over the region's own {@link #extent()}) is base rank {@code
 * slice().get(i)}. Slicing a region never re-bases it: a region taken from a region still names
 * root ranks, and is a {@linkplain #isSubset subset} of its parent.
 *
 * <p>Displayed as {@code [offset+]label=size/stride,...}, the offset only when it is not 0 and
 * labels quoted as {@link Extent} quotes them: the whole {@code hosts=2,gpus=4} space is {@code
 * hosts=2/4,gpus=4/1}, and its GPUs 2 and 3 are {@code 2+hosts=2/4,gpus=2/1}. {@link #parse} reads
 * that form back.
 *
 * <pre>{@code
 * Region all = Extent.of("hosts", 2, "gpus", 4).region();
 * Region upper = all.range("gpus", Range.of(2, 4));  // 2+hosts=2/4,gpus=2/1
 * upper.values().toList();                           // [2, 3, 6, 7]
 * upper.pointOfBaseRank(6);                          // hosts=1/2,gpus=0/2
 * all.remap(upper);                                  // Optional[[2, 3, 6, 7]]: view ranks in all
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Region implements View<Integer, Region> {
  private final ImmutableList<String> labels;
  private final Slice slice;

  private Region(ImmutableList<String> labels, Slice slice) {
    this.labels = labels;
    this.slice = slice;
  }

  /**
   * The region of {@code slice}'s locations with {@code labels}, one per dimension.
   *
   * @throws GeometryException {@code DIM_MISMATCH} when the label count differs from the slice's
   *     dimension count, {@code INVALID_LABEL} for an empty label
   */
  public static Region of(List<String> labels, Slice slice) {
    checkNotNull(slice, "slice");
    if (labels.size() != slice.numDims()) {
      throw GeometryException.of(
          DIM_MISMATCH,
          "label/slice dimension mismatch: %s labels %s for %s",
          labels.size(),
          labels,
          slice);
    }
    return new Region(LabelSyntax.checkLabels(labels), slice);
  }

  /** The whole of {@code extent}, in row-major order. */
  public static Region from(Extent extent) {
    return extent.region();
  }

  /** The region of {@code shape}'s labels and slice. */
  public static Region from(Shape shape) {
    return shape.region();
  }

  /** The dimension labels, in order: an immutable list. */
  public List<String> labels() {
    return labels;
  }

  /** The slice of base ranks. */
  public Slice slice() {
    return slice;
  }

  /** The region's own labels and sizes. */
  @Override
  public Extent extent() {
    return Extent.of(labels, slice.sizes());
  }

  /** The number of ranks. */
  @Override
  public int numRanks() {
    return slice.length();
  }

  /**
   * Whether every base rank of this region is one of {@code other}'s. Both are walked in iteration
   * order, which is ascending for any region derived from a row-major one.
   */
  public boolean isSubset(Region other) {
    PrimitiveIterator.OfInt left = slice.iterator();
    PrimitiveIterator.OfInt right = other.slice.iterator();
    if (!left.hasNext()) {
      return true;
    }
    int l = left.nextInt();
    while (right.hasNext()) {
      int r = right.nextInt();
      if (l < r) {
        return false;
      }
      if (l == r) {
        if (!left.hasNext()) {
          return true;
        }
        l = left.nextInt();
      }
    }
    return false;
  }

  /**
   * This region, after checking that it is a subset of {@code base}: what a {@link View#subset}
   * implementation checks first.
   *
   * @throws GeometryException {@code INVALID_RANGE} when it is not
   */
  public Region requireSubsetOf(Region base) {
    if (!isSubset(base)) {
      throw GeometryException.of(
          INVALID_RANGE, "invalid range: selected ranks %s not a subset of base %s", this, base);
    }
    return this;
  }

  /**
   * For each base rank of {@code target}, in order, its view rank in this region (an immutable
   * list); empty when {@code target} is not a subset of this region.
   */
  public Optional<List<Integer>> remap(Region target) {
    if (!target.isSubset(this)) {
      return Optional.empty();
    }
    ImmutableList.Builder<Integer> out = ImmutableList.builderWithExpectedSize(target.numRanks());
    PrimitiveIterator.OfInt ours = slice.iterator();
    int index = -1;
    for (int needle : target.slice) {
      int value;
      do {
        value = ours.nextInt();
        index++;
      } while (value != needle);
      out.add(index);
    }
    return Optional.of(out.build());
  }

  /**
   * The base rank of {@code point}, a point of this region's {@link #extent()}.
   *
   * @throws GeometryException {@code INVALID_POINT} when the point belongs to another extent
   */
  public int baseRankOfPoint(Point point) {
    Extent extent = extent();
    if (!point.extent().equals(extent)) {
      throw GeometryException.of(
          INVALID_POINT,
          "invalid point: this point does not belong to this region: point %s of %s, region %s",
          point,
          point.extent(),
          this);
    }
    return slice.location(point.coordArray());
  }

  /**
   * The point of this region's extent at base rank {@code baseRank}.
   *
   * @throws GeometryException {@code OUT_OF_RANGE_BASE_RANK} when the base rank is not in this
   *     region
   */
  public Point pointOfBaseRank(int baseRank) {
    if (!slice.contains(baseRank)) {
      throw GeometryException.of(
          OUT_OF_RANGE_BASE_RANK,
          "out of range base rank: base rank %s does not belong to region %s",
          baseRank,
          this);
    }
    return extent().point(slice.coordinateArray(baseRank));
  }

  @Override
  public Region region() {
    return this;
  }

  /** The base rank at view rank {@code rank}. */
  @Override
  public Optional<Integer> get(int rank) {
    return rank >= 0 && rank < slice.length() ? Optional.of(slice.get(rank)) : Optional.empty();
  }

  @Override
  public Region subset(Region region) {
    return region.requireSubsetOf(this);
  }

  int dimOf(String label) {
    int dim = labels.indexOf(checkNotNull(label, "label"));
    if (dim < 0) {
      throw GeometryException.of(
          INVALID_DIM, "no such dimension: %s (dimensions are %s)", label, labels);
    }
    return dim;
  }

  /**
   * Parses the display form {@code [offset+]label=size/stride,...}, with labels bare or
   * double-quoted, and validates the slice it describes.
   *
   * @throws GeometryException {@code PARSE_ERROR} for malformed text, or a slice error when the
   *     sizes and strides do not make a valid slice
   */
  public static Region parse(String text) {
    checkNotNull(text, "text");
    TextScanner in = new TextScanner(text, "region");
    int offset = 0;
    in.skipSpaces();
    int start = in.position();
    String first = in.peekIs('"') ? "" : in.readUntil("+=,/");
    if (in.peekIs('+') && !first.isBlank()) {
      in.expect('+', "after the offset");
      offset = in.number(first, "offset");
    } else {
      // Not an offset: a label that happens to start the text (even an all-digit one).
      in.reset(start);
    }
    List<String> labels = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<Integer> strides = new ArrayList<>();
    in.skipSpaces();
    while (!in.atEnd()) {
      if (!labels.isEmpty()) {
        in.expect(',', "between dimensions");
      }
      String label = in.readLabel("+=,/");
      in.skipSpaces();
      in.expect('=', "after label '" + label + "'");
      sizes.add(in.number(in.readUntil("+=,/"), "size for dimension '" + label + "'"));
      in.expect('/', "after the size of dimension '" + label + "'");
      strides.add(in.number(in.readUntil("+=,/"), "stride for dimension '" + label + "'"));
      labels.add(label);
      in.skipSpaces();
    }
    return of(labels, Slice.of(offset, sizes, strides));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Region r && r.labels.equals(labels) && r.slice.equals(slice);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + slice.hashCode();
  }

  /** {@code [offset+]label=size/stride,...}; see the class comment. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (slice.offset() != 0) {
      out.append(slice.offset()).append('+');
    }
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(LabelSyntax.format(labels.get(i)))
          .append('=')
          .append(slice.sizeAt(i))
          .append('/')
          .append(slice.strideAt(i));
    }
    return out.toString();
  }
}
