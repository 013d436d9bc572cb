package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.hyperactor.mesh.GeometryException.Kind.EMPTY_RANGE;
import static io.hyperactor.mesh.GeometryException.Kind.OUT_OF_RANGE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A collection of items indexed by the ranks of a {@link Region}, with the operations that carve
 * sub-views out of it by label.
 *
 * <p>Ranks are always <em>view ranks</em>: {@code 0} to {@code numRanks() - 1} in row-major order
 * over the view's extent, whatever base ranks the region covers. Slicing never re-bases: a view of
 * a view still addresses the root space, so every derived region is a subset of its parent's.
 *
 * <p>Implementations supply {@link #region}, {@link #get} and {@link #subset}; everything else is
 * derived. A {@link Region} is a view whose items are its base ranks, an {@link Extent} one whose
 * items are its ranks; value meshes and mesh references are views of their values and members.
 *
 * <pre>{@code
 * Extent extent = Extent.of("hosts", 4, "gpus", 8);
 * Region host1 = extent.slice("hosts", 1);              // {gpus: 8}, base ranks 8..15
 * Region evenGpus = extent.range("gpus", Range.from(0, 2));   // {hosts: 4, gpus: 4}
 * Region firstHalf = extent.range("hosts", Range.of(0, 2));   // {hosts: 2, gpus: 8}
 * }</pre>
 *
 * @param <T> the type of item at each rank
 * @param <V> the type of sub-view this view produces
 */
public interface View<T, V extends View<T, V>> {
  /** The ranks this view covers. */
  Region region();

  /**
   * The item at view rank {@code rank}, or empty when {@code rank} is not below {@link #numRanks}.
   */
  Optional<T> get(int rank);

  /**
   * The sub-view over {@code region}, which must be a subset of {@link #region()} (compared by base
   * ranks).
   *
   * @throws GeometryException {@code INVALID_RANGE} when it is not a subset
   */
  V subset(Region region);

  /** The labels and sizes of this view. */
  default Extent extent() {
    return region().extent();
  }

  /** The number of ranks in this view. */
  default int numRanks() {
    return region().numRanks();
  }

  /**
   * The sub-view restricted to {@code range} along the dimension labeled {@code label}. The
   * dimension stays, with the number of indices the range selects.
   *
   * @throws GeometryException {@code INVALID_DIM} for an unknown label, {@code EMPTY_RANGE} when
   *     the range selects no index of the dimension
   */
  default V range(String label, Range range) {
    checkNotNull(range, "range");
    Region region = region();
    int dim = region.dimOf(label);
    Slice slice = region.slice();
    int size = slice.sizeAt(dim);
    Range.Resolved resolved = range.resolve(size);
    if (resolved.isEmpty()) {
      throw GeometryException.of(
          EMPTY_RANGE, "empty range: %s for dimension %s of size %s", range, label, size);
    }
    Slice selected;
    try {
      selected = slice.select(dim, resolved.start(), resolved.end(), resolved.step());
    } catch (GeometryException e) {
      // A step can make the strides nonrectangular; say which range did it.
      throw new GeometryException(
          e.kind(),
          String.format(
              "cannot take range %s of dimension %s in %s: %s",
              range, label, region, e.getMessage()));
    }
    return subset(Region.of(region.labels(), selected));
  }

  /**
   * The sub-view at index {@code index} of the dimension labeled {@code label}, keeping that
   * dimension with size 1.
   */
  default V range(String label, int index) {
    return range(label, Range.of(index));
  }

  /**
   * The sub-view with the dimension labeled {@code label} fixed at {@code index} and removed.
   *
   * @throws GeometryException {@code INVALID_DIM} for an unknown label, {@code OUT_OF_RANGE} when
   *     {@code index} is not below the dimension's size
   */
  default V slice(String label, int index) {
    Region region = region();
    int dim = region.dimOf(label);
    Slice slice = region.slice();
    int size = slice.sizeAt(dim);
    if (index < 0 || index >= size) {
      throw GeometryException.of(
          OUT_OF_RANGE, "index %s out of range for dimension %s of size %s", index, label, size);
    }
    List<String> labels = new ArrayList<>(region.labels());
    labels.remove(dim);
    return subset(Region.of(labels, slice.at(dim, index)));
  }

  /** The sub-view restricted to {@code range} along {@code label}; the same as {@link #range}. */
  default V slice(String label, Range range) {
    return range(label, range);
  }

  /**
   * One sub-view per coordinate of the dimensions before {@code label}, each over the dimensions
   * from {@code label} to the last. On {@code zone=4,host=2,gpu=8}, {@code groupBy("host")} yields
   * four views of {@code {host: 2, gpu: 8}}, the second starting at base rank 16.
   *
   * @throws GeometryException {@code INVALID_DIM} for an unknown label
   */
  default Stream<V> groupBy(String label) {
    Region region = region();
    int dim = region.dimOf(label);
    Slice slice = region.slice();
    int n = slice.numDims();
    int[] prefixSizes = new int[dim];
    int[] prefixStrides = new int[dim];
    int[] restSizes = new int[n - dim];
    int[] restStrides = new int[n - dim];
    for (int i = 0; i < n; i++) {
      if (i < dim) {
        prefixSizes[i] = slice.sizeAt(i);
        prefixStrides[i] = slice.strideAt(i);
      } else {
        restSizes[i - dim] = slice.sizeAt(i);
        restStrides[i - dim] = slice.strideAt(i);
      }
    }
    List<String> restLabels = region.labels().subList(dim, n);
    Slice prefix = Slice.of(slice.offset(), prefixSizes, prefixStrides);
    return prefix.stream()
        .mapToObj(base -> subset(Region.of(restLabels, Slice.of(base, restSizes, restStrides))));
  }

  /** Every point of this view's extent with its item, in rank order. */
  default Stream<Entry<T>> entries() {
    Extent extent = extent();
    return IntStream.range(0, extent.numRanks())
        .mapToObj(rank -> new Entry<>(extent.pointOfRank(rank), get(rank).orElseThrow()));
  }

  /** The items in rank order. */
  default Stream<T> values() {
    return IntStream.range(0, numRanks()).mapToObj(rank -> get(rank).orElseThrow());
  }

  /**
   * A point of a view's extent and the item at it.
   *
   * @param point the point
   * @param value the item at the point's rank
   */
  record Entry<T>(Point point, T value) {
    public Entry {
      checkNotNull(point, "point");
      checkNotNull(value, "value");
    }
  }
}
