package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.DIM_MISMATCH;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_INDEX;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE_RANK;
import static io.hyperactor.mesh.GeometryException.Kind.OVERLAPPING_LABEL;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The shape of a coordinate space: an ordered list of labeled dimensions, each with a size. Ranks
 * number its points in row-major order (the last dimension varies fastest).
 *
 * <p>A 0-dimensional extent ({@link #unity()}) has exactly one rank; an extent with a size-0
 * dimension has none. Labels must be non-empty; they are not otherwise checked. Equality is by
 * labels and sizes.
 *
 * <p>As a {@link View}, an extent's item at each rank is the rank itself, and its sub-views are
 * {@link Region}s.
 *
 * <p>Displayed as {@code {hosts: 4, gpus: 8}} ({@code {}} when 0-dimensional); a label that is not
 * made of {@code [A-Za-z0-9_]} is double-quoted with Rust-style escapes, as in {@code {"dim/0":
 * 3}}. {@link #parse} reads that form back.
 *
 * <pre>{@code
 * Extent extent = Extent.of("hosts", 4, "gpus", 8);
 * extent.numRanks();                  // 32
 * extent.point(1, 2).rank();          // 10
 * extent.pointOfRank(10).coords();    // [1, 2]
 * Region host1 = extent.slice("hosts", 1);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Extent implements View<Integer, Region> {
  private static final Extent UNITY = new Extent(ImmutableList.of(), new int[0]);

  private final ImmutableList<String> labels;
  private final int[] sizes;
  private final int numRanks;

  private Extent(ImmutableList<String> labels, int[] sizes) {
    this.labels = labels;
    this.sizes = sizes;
    long n = 1;
    for (int size : sizes) {
      // Formatted only on failure: extents are made on hot paths (every Region.extent()).
      if (size < 0) {
        throw new IllegalArgumentException(
            "extent sizes must be >= 0, got " + Arrays.toString(sizes));
      }
      n *= size;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("extent too large: " + Arrays.toString(sizes));
      }
    }
    this.numRanks = (int) n;
  }

  /**
   * The extent with {@code labels} and {@code sizes}, paired by position.
   *
   * @throws GeometryException {@code DIM_MISMATCH} when the lists differ in length, {@code
   *     INVALID_LABEL} for an empty label
   * @throws IllegalArgumentException for a negative size
   */
  public static Extent of(List<String> labels, List<Integer> sizes) {
    if (labels.size() != sizes.size()) {
      throw GeometryException.of(
          DIM_MISMATCH,
          "label/sizes dimension mismatch: %s != %s (labels %s, sizes %s)",
          labels.size(),
          sizes.size(),
          labels,
          sizes);
    }
    return new Extent(LabelSyntax.checkLabels(labels), Ints.toArray(sizes));
  }

  /** The 0-dimensional extent. */
  public static Extent of() {
    return UNITY;
  }

  /** The 1-dimensional extent {@code {label: size}}. */
  public static Extent of(String label, int size) {
    return of(List.of(label), List.of(size));
  }

  /** The 2-dimensional extent {@code {l1: s1, l2: s2}}. */
  public static Extent of(String l1, int s1, String l2, int s2) {
    return of(List.of(l1, l2), List.of(s1, s2));
  }

  /** The 3-dimensional extent {@code {l1: s1, l2: s2, l3: s3}}. */
  public static Extent of(String l1, int s1, String l2, int s2, String l3, int s3) {
    return of(List.of(l1, l2, l3), List.of(s1, s2, s3));
  }

  /** The 4-dimensional extent {@code {l1: s1, l2: s2, l3: s3, l4: s4}}. */
  public static Extent of(
      String l1, int s1, String l2, int s2, String l3, int s3, String l4, int s4) {
    return of(List.of(l1, l2, l3, l4), List.of(s1, s2, s3, s4));
  }

  /** The 0-dimensional extent, whose single point has rank 0. */
  public static Extent unity() {
    return UNITY;
  }

  /** The dimension labels, in order: an immutable list. */
  public List<String> labels() {
    return labels;
  }

  /** The dimension sizes, ordered as the labels. */
  public List<Integer> sizes() {
    return Ints.asList(sizes.clone());
  }

  /** The size of the dimension labeled {@code label}, if there is one. */
  public OptionalInt size(String label) {
    OptionalInt position = position(label);
    return position.isPresent() ? OptionalInt.of(sizes[position.getAsInt()]) : OptionalInt.empty();
  }

  /** The position of the dimension labeled {@code label}, if there is one. */
  public OptionalInt position(String label) {
    int index = labels.indexOf(label);
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  /** The number of dimensions. */
  public int numDims() {
    return sizes.length;
  }

  /** The number of ranks: the product of the sizes (1 for a 0-dimensional extent). */
  @Override
  public int numRanks() {
    return numRanks;
  }

  /**
   * The row-major rank of {@code coords}: {@code Σ coords[i] * Π sizes[j > i]}.
   *
   * @throws GeometryException {@code DIM_MISMATCH} for the wrong number of coordinates, {@code
   *     OUT_OF_RANGE_INDEX} for a coordinate at or past its dimension's size
   */
  public int rankOfCoords(int... coords) {
    if (coords.length != sizes.length) {
      throw GeometryException.of(
          DIM_MISMATCH,
          "dimension mismatch: expected %s, got %s (coordinates %s in %s)",
          sizes.length,
          coords.length,
          Arrays.toString(coords),
          this);
    }
    int stride = 1;
    int rank = 0;
    for (int i = coords.length - 1; i >= 0; i--) {
      int c = coords[i];
      if (c < 0 || c >= sizes[i]) {
        throw GeometryException.of(
            OUT_OF_RANGE_INDEX,
            "out of range: dim size %s; does not contain index %s (dimension %s of %s)",
            sizes[i],
            c,
            labels.get(i),
            this);
      }
      rank += c * stride;
      stride *= sizes[i];
    }
    return rank;
  }

  /**
   * The point at {@code coords}.
   *
   * @throws GeometryException as {@link #rankOfCoords}
   */
  public Point point(int... coords) {
    return new Point(rankOfCoords(coords), this);
  }

  /** The point at {@code coords}; see {@link #point(int...)}. */
  public Point point(List<Integer> coords) {
    return point(Ints.toArray(coords));
  }

  /**
   * The point of rank {@code rank}.
   *
   * @throws GeometryException {@code OUT_OF_RANGE_RANK} when {@code rank >= numRanks()}
   */
  public Point pointOfRank(int rank) {
    if (rank < 0 || rank >= numRanks) {
      throw GeometryException.of(
          OUT_OF_RANGE_RANK,
          "out of range: total ranks %s; does not contain rank %s (extent %s)",
          numRanks,
          rank,
          this);
    }
    return new Point(rank, this);
  }

  /** Every point in rank order; a 0-dimensional extent has one, of rank 0. */
  public Stream<Point> points() {
    return IntStream.range(0, numRanks).mapToObj(rank -> new Point(rank, this));
  }

  /** The row-major slice of this extent's sizes. */
  public Slice toSlice() {
    return Slice.rowMajor(sizes);
  }

  /**
   * This extent's dimensions followed by {@code other}'s.
   *
   * @throws GeometryException {@code OVERLAPPING_LABEL} naming the first label of {@code other}
   *     that this extent also has
   */
  public Extent concat(Extent other) {
    Set<String> mine = new HashSet<>(labels);
    for (String label : other.labels) {
      if (mine.contains(label)) {
        throw GeometryException.of(
            OVERLAPPING_LABEL, "overlapping label found: %s (%s and %s)", label, this, other);
      }
    }
    int[] both = Arrays.copyOf(sizes, sizes.length + other.sizes.length);
    System.arraycopy(other.sizes, 0, both, sizes.length, other.sizes.length);
    return new Extent(
        ImmutableList.<String>builder().addAll(labels).addAll(other.labels).build(), both);
  }

  /** The row-major region of this whole extent. */
  @Override
  public Region region() {
    return Region.of(labels, toSlice());
  }

  /** {@code rank} itself, when it is below {@link #numRanks()}. */
  @Override
  public Optional<Integer> get(int rank) {
    return rank >= 0 && rank < numRanks ? Optional.of(rank) : Optional.empty();
  }

  @Override
  public Region subset(Region region) {
    return region().subset(region);
  }

  @Override
  public Extent extent() {
    return this;
  }

  int sizeAt(int dim) {
    return sizes[dim];
  }

  /**
   * Parses the display form, {@code {label: size, ...}}, with quoted labels as {@link #toString}
   * writes them and any spacing.
   *
   * @throws GeometryException {@code PARSE_ERROR} naming the input and what was expected
   */
  public static Extent parse(String text) {
    checkNotNull(text, "text");
    TextScanner in = new TextScanner(text, "extent");
    in.skipSpaces();
    in.expect('{', "to open the extent");
    List<String> labels = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    in.skipSpaces();
    if (!in.tryConsume('}')) {
      do {
        String label = in.readLabel(":,}");
        in.skipSpaces();
        in.expect(':', "after label '" + label + "'");
        in.skipSpaces();
        sizes.add(in.number(in.readUntil(",} \t"), "size for dimension '" + label + "'"));
        labels.add(label);
        in.skipSpaces();
      } while (in.tryConsume(','));
      in.expect('}', "to close the extent");
    }
    in.skipSpaces();
    if (!in.atEnd()) {
      throw in.error("unexpected text after '}' at position %s", in.position());
    }
    return of(labels, sizes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Extent e && e.labels.equals(labels) && Arrays.equals(e.sizes, sizes);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.hashCode(sizes);
  }

  /** {@code {label: size, ...}}; see the class comment for label quoting. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(LabelSyntax.format(labels.get(i))).append(": ").append(sizes[i]);
    }
    return out.append('}').toString();
  }
}
