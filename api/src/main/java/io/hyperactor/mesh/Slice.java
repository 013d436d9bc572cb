package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.DIMENSION_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INCOMPATIBLE_VIEW;
import static io.hyperactor.mesh.GeometryException.Kind.INDEX_OUT_OF_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.INVALID_DIMS;
import static io.hyperactor.mesh.GeometryException.Kind.NONRECTANGULAR_SHAPE;
import static io.hyperactor.mesh.GeometryException.Kind.NONUNIQUE_STRIDES;
import static io.hyperactor.mesh.GeometryException.Kind.STRIDE_TOO_SMALL;
import static io.hyperactor.mesh.GeometryException.Kind.VALUE_NOT_IN_SLICE;

import com.google.common.base.Strings;
import com.google.common.primitives.Ints;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A strided view of an n-dimensional space of locations: an offset, a size per dimension and a
 * stride per dimension. The location of coordinate {@code c} is {@code offset + Σ c[i] *
 * strides[i]}.
 *
 * <p>Slices are validated on construction: strides must be nonoverlapping (each stride at least the
 * space spanned by the smaller ones) and rectangular (each stride a multiple of the next smaller
 * one); dimensions of size 1 may share a stride. Iteration, {@link #get} and {@link #index} use
 * row-major logical order (the last dimension varies fastest) whatever the strides are. A 0-d slice
 * has one location, its offset; a slice with a size-0 dimension has none.
 *
 * <pre>{@code
 * Slice s = Slice.rowMajor(2, 3);           // offset 0, sizes [2, 3], strides [3, 1]
 * s.location(1, 2);                         // 5
 * s.coordinates(4);                         // [1, 1]
 * Slice column = s.select(1, 1, 2, 1);      // the middle column: locations 1, 4
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Slice implements Iterable<Integer> {
  private final int offset;
  private final int[] sizes;
  private final int[] strides;
  // Dimensions from the largest stride to the smallest (ties: higher index first), for coordinates.
  private final int[] byStrideDescending;
  private final int length;

  private Slice(int offset, int[] sizes, int[] strides) {
    this.offset = offset;
    this.sizes = sizes;
    this.strides = strides;
    Integer[] order = new Integer[sizes.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> strides[i])); // stable
    this.byStrideDescending = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      byStrideDescending[i] = order[order.length - 1 - i];
    }
    long len = 1;
    for (int size : sizes) {
      len *= size;
      if (len > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "slice too large: sizes %s",
                Arrays.toString(sizes)));
      }
    }
    this.length = (int) len;
  }

  /**
   * A slice with the given offset, sizes and strides.
   *
   * @throws GeometryException when the lists differ in length ({@code INVALID_DIMS}), or the
   *     strides are not rectangular ({@code NONRECTANGULAR_SHAPE}), repeat a stride of a dimension
   *     larger than 1 ({@code NONUNIQUE_STRIDES}) or overlap ({@code STRIDE_TOO_SMALL})
   * @throws IllegalArgumentException when a value is negative or the space overflows an int
   */
  public static Slice of(int offset, List<Integer> sizes, List<Integer> strides) {
    return of(offset, Ints.toArray(sizes), Ints.toArray(strides));
  }

  /** As {@link #of(int, List, List)}, from arrays (copied). */
  public static Slice of(int offset, int[] sizes, int[] strides) {
    return validated(offset, sizes.clone(), strides.clone());
  }

  /** A dense slice of {@code sizes} in row-major order, at offset 0. */
  public static Slice rowMajor(int... sizes) {
    int[] copy = sizes.clone();
    for (int size : copy) {
      if (size < 0) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "sizes must be >= 0, got %s",
                Arrays.toString(copy)));
      }
    }
    int[] strides = new int[copy.length];
    long stride = 1;
    for (int i = copy.length - 1; i >= 0; i--) {
      strides[i] = (int) stride;
      stride *= copy[i];
      if (stride > Integer.MAX_VALUE && i != 0) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "slice too large: sizes %s",
                Arrays.toString(copy)));
      }
    }
    return new Slice(0, copy, strides);
  }

  /** A dense slice of {@code sizes} in row-major order, at offset 0. */
  public static Slice rowMajor(List<Integer> sizes) {
    return rowMajor(Ints.toArray(sizes));
  }

  /** The one-location slice with {@code dims} dimensions, all of size and stride 1. */
  public static Slice singleMultiDimCell(int dims) {
    checkArgument(dims >= 0, "dims must be >= 0, got %s", dims);
    int[] ones = new int[dims];
    Arrays.fill(ones, 1);
    return new Slice(0, ones, ones.clone());
  }

  // The checks here and in location() format their messages only on failure: slices are made and
  // read on every hop of a cast.
  private static Slice validated(int offset, int[] sizes, int[] strides) {
    checkArgument(offset >= 0, "slice offset must be >= 0, got %s", offset);
    if (sizes.length != strides.length) {
      throw GeometryException.of(
          INVALID_DIMS,
          "invalid dims: expected %s, got %s (sizes %s, strides %s)",
          sizes.length,
          strides.length,
          Arrays.toString(sizes),
          Arrays.toString(strides));
    }
    long[][] pairs = new long[sizes.length][];
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 0 || strides[i] < 0) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "slice sizes and strides must be >= 0, got sizes %s, strides %s",
                Arrays.toString(sizes),
                Arrays.toString(strides)));
      }
      pairs[i] = new long[] {strides[i], sizes[i]};
    }
    Arrays.sort(pairs, Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
    long prevStride = -1;
    long prevSize = -1;
    long total = 1;
    for (long[] pair : pairs) {
      long stride = pair[0];
      long size = pair[1];
      if (prevStride >= 0) {
        if (stride % prevStride != 0) {
          throw GeometryException.of(
              NONRECTANGULAR_SHAPE,
              "nonrectangular shape: stride %s is not a multiple of stride %s (sizes %s, strides"
                  + " %s)",
              stride,
              prevStride,
              Arrays.toString(sizes),
              Arrays.toString(strides));
        }
        // Dimensions of size 1 never move along their stride, so theirs may repeat.
        if (stride == prevStride && size != 1 && prevSize != 1) {
          throw GeometryException.of(
              NONUNIQUE_STRIDES,
              "nonunique strides: stride %s is shared by two dimensions (sizes %s, strides %s)",
              stride,
              Arrays.toString(sizes),
              Arrays.toString(strides));
        }
      }
      if (total > stride) {
        throw GeometryException.of(
            STRIDE_TOO_SMALL,
            "stride %s must be larger than size of previous space %s (sizes %s, strides %s)",
            stride,
            total,
            Arrays.toString(sizes),
            Arrays.toString(strides));
      }
      total = stride * size;
      prevStride = stride;
      prevSize = size;
    }
    return new Slice(offset, sizes, strides);
  }

  /** The number of dimensions. */
  public int numDims() {
    return sizes.length;
  }

  /** The location of coordinate {@code [0, ..., 0]}. */
  public int offset() {
    return offset;
  }

  /** The size of each dimension. */
  public List<Integer> sizes() {
    return Ints.asList(sizes.clone());
  }

  /** The stride of each dimension. */
  public List<Integer> strides() {
    return Ints.asList(strides.clone());
  }

  /** The size of dimension {@code dim}. */
  public int size(int dim) {
    return sizes[checkDim(dim)];
  }

  /** The stride of dimension {@code dim}. */
  public int stride(int dim) {
    return strides[checkDim(dim)];
  }

  /** The number of locations: the product of the sizes (1 for a 0-d slice). */
  public int length() {
    return length;
  }

  /** Whether the slice has no location (some dimension has size 0). */
  public boolean isEmpty() {
    return length == 0;
  }

  /**
   * Whether the strides are the row-major strides of the sizes (each the product of the later
   * sizes). The offset does not matter.
   */
  public boolean isContiguous() {
    long expected = 1;
    for (int i = sizes.length - 1; i >= 0; i--) {
      if (strides[i] != expected) {
        return false;
      }
      expected *= sizes[i];
    }
    return true;
  }

  /**
   * This slice with dimension {@code dim} fixed at {@code index} and removed: the offset grows by
   * {@code index * stride}, the other dimensions keep their sizes and strides.
   *
   * @throws GeometryException {@code DIMENSION_OUT_OF_RANGE} for a bad {@code dim}, {@code
   *     INDEX_OUT_OF_RANGE} when {@code index} is not below the dimension's size
   */
  public Slice at(int dim, int index) {
    if (dim < 0 || dim >= sizes.length) {
      throw GeometryException.of(
          DIMENSION_OUT_OF_RANGE,
          "dimension %s out of range for %s-dimensional slice",
          dim,
          sizes.length);
    }
    if (index < 0 || index >= sizes[dim]) {
      throw GeometryException.of(
          INDEX_OUT_OF_RANGE, "index %s out of range %s (dimension %s)", index, sizes[dim], dim);
    }
    int newOffset = Math.addExact(offset, Math.multiplyExact(index, strides[dim]));
    return new Slice(newOffset, remove(sizes, dim), remove(strides, dim));
  }

  /**
   * This slice restricted along {@code dim} to indices {@code begin, begin + step, ...} below
   * {@code end}: the offset grows by {@code begin * stride}, the size becomes {@code ceil((end -
   * begin) / step)} and the stride is multiplied by {@code step}. Callers clamp {@code end} to the
   * size first.
   *
   * @throws GeometryException {@code INDEX_OUT_OF_RANGE} for a bad {@code dim} or a {@code begin}
   *     at or past the size, {@code EMPTY_RANGE} when {@code end <= begin}
   */
  public Slice select(int dim, int begin, int end, int step) {
    checkArgument(step >= 1, "step must be >= 1, got %s", step);
    if (dim < 0 || dim >= sizes.length) {
      throw GeometryException.of(
          INDEX_OUT_OF_RANGE, "index %s out of range %s (dimension)", dim, sizes.length);
    }
    if (begin < 0 || begin >= sizes[dim]) {
      throw GeometryException.of(
          INDEX_OUT_OF_RANGE, "index %s out of range %s (dimension %s)", begin, sizes[dim], dim);
    }
    if (end <= begin) {
      throw GeometryException.of(
          EMPTY_RANGE, "empty range: %s..%s (step %s) in dimension %s", begin, end, step, dim);
    }
    int[] newSizes = sizes.clone();
    int[] newStrides = strides.clone();
    int newOffset = Math.addExact(offset, Math.multiplyExact(begin, strides[dim]));
    newSizes[dim] = (int) (((long) end - begin + step - 1) / step);
    newStrides[dim] = Math.multiplyExact(strides[dim], step);
    return validated(newOffset, newSizes, newStrides);
  }

  /**
   * The location of {@code coords}. Coordinates are not checked against the sizes.
   *
   * @throws GeometryException {@code INVALID_DIMS} when the number of coordinates is wrong
   */
  public int location(int... coords) {
    if (coords.length != sizes.length) {
      throw GeometryException.of(
          INVALID_DIMS,
          "invalid dims: expected %s, got %s (coordinates %s)",
          sizes.length,
          coords.length,
          Arrays.toString(coords));
    }
    long loc = offset;
    for (int i = 0; i < coords.length; i++) {
      if (coords[i] < 0) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "coordinates must be >= 0, got %s",
                Arrays.toString(coords)));
      }
      loc += (long) coords[i] * strides[i];
    }
    if (loc > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          Strings.lenientFormat(
              "location overflows: %s",
              Arrays.toString(coords)));
    }
    return (int) loc;
  }

  /** The location of {@code coords}; see {@link #location(int...)}. */
  public int location(List<Integer> coords) {
    return location(Ints.toArray(coords));
  }

  /**
   * The coordinates of {@code location}, the inverse of {@link #location}.
   *
   * @throws GeometryException {@code VALUE_NOT_IN_SLICE} when the location is not in this slice
   */
  public List<Integer> coordinates(int location) {
    return Ints.asList(coordinateArray(location));
  }

  int[] coordinateArray(int location) {
    int[] result = tryCoordinates(location);
    if (result == null) {
      throw GeometryException.of(VALUE_NOT_IN_SLICE, "value %s not in slice %s", location, this);
    }
    return result;
  }

  // Walks the dimensions from the largest stride down; null when the location is not in the slice.
  private int @Nullable [] tryCoordinates(int location) {
    long pos = (long) location - offset;
    if (pos < 0) {
      return null;
    }
    int[] result = new int[sizes.length];
    for (int dim : byStrideDescending) {
      int size = sizes[dim];
      long index = 0;
      if (size > 1) {
        index = pos / strides[dim];
        pos = pos % strides[dim];
      }
      if (index >= size) {
        return null;
      }
      result[dim] = (int) index;
    }
    return pos == 0 ? result : null;
  }

  /** Whether {@code location} is one of this slice's locations. */
  public boolean contains(int location) {
    return tryCoordinates(location) != null;
  }

  /**
   * The location of the {@code index}-th element in row-major logical order.
   *
   * @throws GeometryException {@code INDEX_OUT_OF_RANGE} when {@code index >= length()}
   */
  public int get(int index) {
    if (index < 0 || index >= length) {
      throw GeometryException.of(INDEX_OUT_OF_RANGE, "index %s out of range %s", index, length);
    }
    return unsafeGet(index);
  }

  private int unsafeGet(int index) {
    long val = offset;
    int rest = index;
    for (int i = sizes.length - 1; i >= 0; i--) {
      val += (long) (rest % sizes[i]) * strides[i];
      rest /= sizes[i];
    }
    return (int) val;
  }

  /**
   * The row-major index of {@code location}, the inverse of {@link #get}.
   *
   * @throws GeometryException {@code VALUE_NOT_IN_SLICE} when the location is not in this slice
   */
  public int index(int location) {
    int[] coords = coordinateArray(location);
    int result = 0;
    int stride = 1;
    for (int i = coords.length - 1; i >= 0; i--) {
      result += coords[i] * stride;
      stride *= sizes[i];
    }
    return result;
  }

  /** The locations in row-major logical order. */
  @Override
  public PrimitiveIterator.OfInt iterator() {
    return new PrimitiveIterator.OfInt() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < length;
      }

      @Override
      public int nextInt() {
        if (next >= length) {
          throw new NoSuchElementException();
        }
        return unsafeGet(next++);
      }
    };
  }

  /** The locations in row-major logical order. */
  public IntStream stream() {
    return IntStream.range(0, length).map(this::unsafeGet);
  }

  /** The locations in row-major logical order, as an array. */
  public int[] toArray() {
    return stream().toArray();
  }

  /**
   * Every coordinate prefix over the first {@code dims} dimensions, in row-major order.
   *
   * @throws IllegalArgumentException when {@code dims} is negative or above {@link #numDims()}
   */
  public Stream<List<Integer>> dimIter(int dims) {
    checkArgument(
        dims >= 0 && dims <= sizes.length, "dims must be in [0, %s], got %s", sizes.length, dims);
    int[] prefixSizes = Arrays.copyOf(sizes, dims);
    return cartesian(prefixSizes).map(Ints::asList);
  }

  // Every coordinate over `dims` in row-major order (the last varies fastest).
  static Stream<int[]> cartesian(int[] dims) {
    long count = 1;
    for (int d : dims) {
      count *= d;
    }
    return IntStream.range(0, (int) Math.min(count, Integer.MAX_VALUE))
        .mapToObj(
            index -> {
              int[] coord = new int[dims.length];
              int rest = index;
              for (int i = dims.length - 1; i >= 0; i--) {
                coord[i] = rest % dims[i];
                rest /= dims[i];
              }
              return coord;
            });
  }

  /**
   * A row-major slice of {@code newSizes} over the same locations. This slice must be at offset 0,
   * hold as many locations, and contain every location of the new view.
   *
   * @throws GeometryException {@code INCOMPATIBLE_VIEW} naming the reason otherwise
   */
  public Slice view(int... newSizes) {
    long viewElems = 1;
    for (int s : newSizes) {
      if (s < 0) {
        throw new IllegalArgumentException(
            Strings.lenientFormat(
                "view sizes must be >= 0, got %s",
                Arrays.toString(newSizes)));
      }
      viewElems *= s;
    }
    if (viewElems != length) {
      throw GeometryException.of(
          INCOMPATIBLE_VIEW,
          "incompatible view: element count mismatch: base has %s, view wants %s",
          length,
          viewElems);
    }
    if (offset != 0) {
      throw GeometryException.of(
          INCOMPATIBLE_VIEW,
          "incompatible view: view requires base offset = 0, but found %s",
          offset);
    }
    Slice view = rowMajor(newSizes);
    for (int location : view) {
      if (!contains(location)) {
        throw GeometryException.of(
            INCOMPATIBLE_VIEW, "incompatible view: offset %s not reachable in base", location);
      }
    }
    return view;
  }

  /**
   * The sub-slice of {@code lens} elements per dimension starting at coordinate {@code starts},
   * with this slice's strides.
   *
   * @throws GeometryException {@code INVALID_DIMS} for lists of the wrong length, {@code
   *     INDEX_OUT_OF_RANGE} when a start plus length passes a dimension's size
   */
  public Slice subview(List<Integer> starts, List<Integer> lens) {
    if (starts.size() != sizes.length || lens.size() != sizes.length) {
      throw GeometryException.of(
          INVALID_DIMS,
          "invalid dims: expected %s, got %s",
          sizes.length,
          Math.max(starts.size(), lens.size()));
    }
    int[] newSizes = Ints.toArray(lens);
    for (int d = 0; d < sizes.length; d++) {
      checkArgument(
          starts.get(d) >= 0 && lens.get(d) >= 0,
          "starts and lens must be >= 0, got %s, %s",
          starts,
          lens);
      long end = (long) starts.get(d) + lens.get(d);
      if (end > sizes[d]) {
        throw GeometryException.of(
            INDEX_OUT_OF_RANGE, "index %s out of range %s (dimension %s)", end, sizes[d], d);
      }
    }
    return new Slice(location(starts), newSizes, strides.clone());
  }

  /**
   * This slice, after checking that each of its locations is also a location of {@code other}.
   *
   * @throws GeometryException {@code VALUE_NOT_IN_SLICE} naming the first location that is not
   */
  public Slice enforceEmbedding(Slice other) {
    checkNotNull(other, "other");
    for (int location : this) {
      other.coordinateArray(location);
    }
    return this;
  }

  private int checkDim(int dim) {
    if (dim < 0 || dim >= sizes.length) {
      throw GeometryException.of(
          DIMENSION_OUT_OF_RANGE,
          "dimension %s out of range for %s-dimensional slice",
          dim,
          sizes.length);
    }
    return dim;
  }

  private static int[] remove(int[] values, int index) {
    int[] out = new int[values.length - 1];
    System.arraycopy(values, 0, out, 0, index);
    System.arraycopy(values, index + 1, out, index, values.length - index - 1);
    return out;
  }

  // Read-only views for package code that must not copy on every call.
  int sizeAt(int dim) {
    return sizes[dim];
  }

  int strideAt(int dim) {
    return strides[dim];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Slice s
        && s.offset == offset
        && Arrays.equals(s.sizes, sizes)
        && Arrays.equals(s.strides, strides);
  }

  @Override
  public int hashCode() {
    return (offset * 31 + Arrays.hashCode(sizes)) * 31 + Arrays.hashCode(strides);
  }

  /** The debug form, {@code Slice { offset: 0, sizes: [2, 3], strides: [3, 1] }}. */
  @Override
  public String toString() {
    return "Slice { offset: "
        + offset
        + ", sizes: "
        + Arrays.toString(sizes)
        + ", strides: "
        + Arrays.toString(strides)
        + " }";
  }
}
