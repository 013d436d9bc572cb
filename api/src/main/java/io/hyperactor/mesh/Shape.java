package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.DIM_MISMATCH;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INDEX_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIM;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Maps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link Slice} with a label per dimension, selected by label. The older form of {@link Region}:
 * the two convert freely ({@link Region#from(Shape)}, {@link #from(Region)}).
 *
 * <p>{@link #select} keeps the dimension it restricts; {@link #at} removes it. Displayed as {@code
 * {host=2,gpu=8}} (sizes only, labels never quoted); {@link #parse} reads that form back as a
 * row-major shape.
 *
 * <pre>{@code
 * Shape shape = Shape.from(Extent.of("host", 2, "gpu", 8));
 * shape.select("gpu", Range.of(3, 5)).slice().toArray();   // [3, 4, 11, 12]
 * shape.at("host", 1).labels();                             // [gpu]
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Shape {
  private static final Shape UNITY = new Shape(ImmutableList.of(), Slice.rowMajor());

  private final ImmutableList<String> labels;
  private final Slice slice;

  private Shape(ImmutableList<String> labels, Slice slice) {
    this.labels = labels;
    this.slice = slice;
  }

  /**
   * The shape of {@code slice} with {@code labels}, one per dimension.
   *
   * @throws GeometryException {@code DIM_MISMATCH} when the counts differ, {@code INVALID_LABEL}
   *     for an empty label
   */
  public static Shape of(List<String> labels, Slice slice) {
    checkNotNull(slice, "slice");
    if (labels.size() != slice.numDims()) {
      throw GeometryException.of(
          DIM_MISMATCH,
          "label slice dimension mismatch: %s != %s (labels %s, %s)",
          labels.size(),
          slice.numDims(),
          labels,
          slice);
    }
    return new Shape(LabelSyntax.checkLabels(labels), slice);
  }

  /** The row-major shape of {@code extent}. */
  public static Shape from(Extent extent) {
    return new Shape(ImmutableList.copyOf(extent.labels()), extent.toSlice());
  }

  /** The shape of {@code region}'s labels and slice. */
  public static Shape from(Region region) {
    return new Shape(ImmutableList.copyOf(region.labels()), region.slice());
  }

  /** The 0-dimensional shape of one element. */
  public static Shape unity() {
    return UNITY;
  }

  /** The dimension labels, in order: an immutable list. */
  public List<String> labels() {
    return labels;
  }

  /** The slice the shape describes. */
  public Slice slice() {
    return slice;
  }

  /**
   * The position of the dimension labeled {@code label}.
   *
   * @throws GeometryException {@code INVALID_DIM} when there is none
   */
  public int dim(String label) {
    int dim = labels.indexOf(checkNotNull(label, "label"));
    if (dim < 0) {
      throw GeometryException.of(
          INVALID_DIM, "invalid labels `[\"%s\"]` (dimensions are %s)", label, labels);
    }
    return dim;
  }

  /**
   * This shape with the dimension {@code label} fixed at {@code index} and removed.
   *
   * @throws GeometryException {@code INVALID_DIM} for an unknown label, {@code OUT_OF_RANGE} when
   *     {@code index} is not below the dimension's size
   */
  public Shape at(String label, int index) {
    int dim = dim(label);
    int size = slice.sizeAt(dim);
    if (index < 0 || index >= size) {
      throw outOfRange(Range.of(Math.max(index, 0)), label, size);
    }
    List<String> rest = new ArrayList<>(labels);
    rest.remove(dim);
    return new Shape(ImmutableList.copyOf(rest), slice.at(dim, index));
  }

  /**
   * This shape restricted to {@code range} along {@code label}, keeping the dimension.
   *
   * @throws GeometryException {@code INVALID_DIM} for an unknown label, {@code OUT_OF_RANGE} when
   *     the range starts at or past the dimension's size, {@code EMPTY_RANGE} when it is empty
   */
  public Shape select(String label, Range range) {
    int dim = dim(label);
    int size = slice.sizeAt(dim);
    Range.Resolved r = range.resolve(size);
    if (r.start() >= size) {
      throw outOfRange(range, label, size);
    }
    if (r.isEmpty()) {
      throw GeometryException.of(EMPTY_RANGE, "empty range %s for dimension %s", range, label);
    }
    return new Shape(labels, slice.select(dim, r.start(), r.end(), r.step()));
  }

  /** This shape restricted to index {@code index} of {@code label}, keeping the dimension. */
  public Shape select(String label, int index) {
    return select(label, Range.of(index));
  }

  /**
   * The {@code Π sizes[0..dims)} shapes obtained by selecting each coordinate of the first {@code
   * dims} dimensions (which stay, with size 1), in row-major order.
   *
   * @throws GeometryException {@code INDEX_OUT_OF_RANGE} unless {@code 0 < dims < numDims}
   */
  public Stream<Shape> selectIter(int dims) {
    if (dims <= 0 || dims >= slice.numDims()) {
      throw GeometryException.of(
          INDEX_OUT_OF_RANGE,
          "index %s out of range %s: selectIter needs 0 < dims < %s",
          dims,
          slice.numDims(),
          slice.numDims());
    }
    return slice
        .dimIter(dims)
        .map(
            prefix -> {
              Shape shape = this;
              for (int d = 0; d < prefix.size(); d++) {
                shape = shape.select(labels.get(d), prefix.get(d));
              }
              return shape;
            });
  }

  /** This shape with each {@code (label, index)} applied by {@link #at}, in iteration order. */
  public Shape index(Map<String, Integer> indices) {
    Shape shape = this;
    for (Map.Entry<String, Integer> e : indices.entrySet()) {
      shape = shape.at(e.getKey(), e.getValue());
    }
    return shape;
  }

  /**
   * The labeled coordinates of location {@code rank}, as an immutable list.
   *
   * @throws GeometryException {@code VALUE_NOT_IN_SLICE} when the location is not in the slice
   */
  public List<Map.Entry<String, Integer>> coordinates(int rank) {
    int[] coords = slice.coordinateArray(rank);
    ImmutableList.Builder<Map.Entry<String, Integer>> out = ImmutableList.builder();
    for (int i = 0; i < coords.length; i++) {
      out.add(Maps.immutableEntry(labels.get(i), coords[i]));
    }
    return out.build();
  }

  /** The labels and sizes of this shape. */
  public Extent extent() {
    return Extent.of(labels, slice.sizes());
  }

  /** The region of this shape's labels and slice. */
  public Region region() {
    return Region.of(labels, slice);
  }

  /**
   * Parses {@code {label=size,...}} ({@code {}} is {@link #unity()}) into a row-major shape.
   *
   * @throws GeometryException {@code PARSE_ERROR} naming the part that is malformed
   */
  public static Shape parse(String text) {
    checkNotNull(text, "text");
    String s = text.strip();
    TextScanner in = new TextScanner(text, "shape");
    if (!s.startsWith("{") || !s.endsWith("}") || s.length() < 2) {
      throw in.error("shape string must be enclosed in braces");
    }
    String inner = s.substring(1, s.length() - 1).strip();
    if (inner.isEmpty()) {
      return UNITY;
    }
    List<String> labels = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (String rawPart : inner.split(",", -1)) {
      String part = rawPart.strip();
      String[] pieces = part.split("=", -1);
      String label = pieces[0].strip();
      if (pieces.length < 2) {
        throw in.error("missing size for dimension '%s'", label);
      }
      if (pieces.length > 2) {
        throw in.error("invalid dimension format: '%s'", part);
      }
      if (label.isEmpty()) {
        throw in.error("missing label in dimension: '%s'", part);
      }
      sizes.add(in.number(pieces[1], "size for dimension '" + label + "'"));
      labels.add(label);
    }
    return of(labels, Slice.rowMajor(sizes));
  }

  private static GeometryException outOfRange(Range range, String label, int size) {
    return GeometryException.of(
        OUT_OF_RANGE, "out of range %s for dimension %s of size %s", range, label, size);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && s.labels.equals(labels) && s.slice.equals(slice);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + slice.hashCode();
  }

  /** {@code {label=size,...}}: sizes only, labels as they are. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labels.get(i)).append('=').append(slice.sizeAt(i));
    }
    return out.append('}').toString();
  }
}
