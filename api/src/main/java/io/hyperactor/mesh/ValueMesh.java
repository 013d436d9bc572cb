package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Stream;

/**
 * Exactly one value for every rank of a {@link Region}: the results of a call to every actor of a
 * mesh, the status of every proc.
 *
 * <p>A value mesh is a {@link View}: ranks are view ranks ({@code 0} to {@code numRanks() - 1},
 * row-major over the region's extent), {@link #get(int)} and {@link #get(Point)} read a value, and
 * {@link #range}, {@link #slice} and {@link #subset} take the values of a sub-region (as a dense
 * mesh).
 *
 * <p>Two representations (VM-1: either holds exactly one value per rank):
 *
 * <ul>
 *   <li>{@link Dense}: a list with one value per rank.
 *   <li>{@link Compressed}: run-length encoded, a table of values and {@link Run runs} of ranks
 *       referencing it (VM-2: runs are non-empty, sorted, and cover every rank without gaps or
 *       overlaps). {@link #fromSingle}, {@link #fromRangesWithDefault}, {@link #compressAdjacent}
 *       and {@link #mergeFromOverlay} produce it; a mesh of a million ranks sharing one status is
 *       one run.
 * </ul>
 *
 * <p>The representation is visible ({@link #rep()}) and survives the wire, but does not change what
 * a mesh means: two meshes are equal when their regions and their values rank by rank are equal.
 * Values are compared with {@code equals} and, where a table is deduplicated, hashed, so they need
 * consistent {@code equals} and {@code hashCode} (records and enums have them). Values are never
 * null. Immutable and thread-safe (when the values are).
 *
 * <pre>{@code
 * Region region = Extent.of("hosts", 2, "gpus", 4).region();
 * ValueMesh<Status> statuses = ValueMesh.fromSingle(region, Status.NOT_EXIST);
 * statuses = statuses.mergeFromOverlay(ValueOverlay.of(4, 8, Status.RUNNING));   // host 1 is up
 * statuses.get(5);                                                              // Running
 * ValueMesh<Integer> ranks = Stream.of(0, 1, 2, 3, 4, 5, 6, 7).collect(ValueMesh.collect(region));
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ValueMesh<T> implements View<T, ValueMesh<T>> {
  private static final ValueMesh<Object> EMPTY =
      new ValueMesh<>(Extent.of("r", 0).region(), new Dense<>(ImmutableList.of()));

  private final Region region;
  private final Rep<T> rep;

  /** How a mesh stores its values. */
  public sealed interface Rep<T> permits Dense, Compressed {}

  /**
   * One value per rank, in rank order.
   *
   * @param values the values (an immutable copy is kept)
   * @param <T> the value type
   */
  public record Dense<T>(List<T> values) implements Rep<T> {
    public Dense {
      values = ImmutableList.copyOf(checkNotNull(values, "values"));
    }
  }

  /**
   * Run-length encoded values: each run's ranks hold the table entry the run names.
   *
   * @param table the values runs refer to, by index (an immutable copy is kept)
   * @param runs the runs, in rank order, covering every rank (an immutable copy is kept)
   * @param <T> the value type
   */
  public record Compressed<T>(List<T> table, List<Run> runs) implements Rep<T> {
    public Compressed {
      table = ImmutableList.copyOf(checkNotNull(table, "table"));
      runs = ImmutableList.copyOf(checkNotNull(runs, "runs"));
    }
  }

  /**
   * The ranks {@code [start, end)} of a compressed mesh, all holding table entry {@code id}.
   *
   * @param start the first rank
   * @param end one past the last rank, {@code > start}
   * @param id the index of the ranks' value in the table
   */
  public record Run(long start, long end, int id) {
    public Run {
      checkArgument(start >= 0, "run start must be >= 0, got %s", start);
      checkArgument(end > start, "empty or inverted run %s..%s", start, end);
      checkArgument(id >= 0, "run table id must be >= 0, got %s", id);
    }

    @Override
    public String toString() {
      return start + ".." + end + "->" + id;
    }
  }

  private ValueMesh(Region region, Rep<T> rep) {
    this.region = region;
    this.rep = rep;
  }

  // ------------------------------------------------------------------ construction

  /**
   * The mesh holding {@code values[i]} at rank {@code i}, stored densely.
   *
   * @throws RankCardinalityException when there is not exactly one value per rank of {@code region}
   */
  public static <T> ValueMesh<T> of(Region region, List<? extends T> values) {
    checkNotNull(region, "region");
    ImmutableList<T> copy = ImmutableList.copyOf(values);
    if (copy.size() != region.numRanks()) {
      throw new RankCardinalityException(region.numRanks(), copy.size());
    }
    return new ValueMesh<>(region, new Dense<>(copy));
  }

  /**
   * The mesh of {@code rep} over {@code region}, checking the representation's invariants: how a
   * decoder rebuilds a mesh.
   *
   * @throws RankCardinalityException when the values or runs do not cover exactly the region's
   *     ranks, or a run names a table entry that does not exist
   */
  public static <T> ValueMesh<T> of(Region region, Rep<T> rep) {
    checkNotNull(region, "region");
    checkNotNull(rep, "rep");
    int n = region.numRanks();
    switch (rep) {
      case Dense<T> d -> {
        if (d.values().size() != n) {
          throw new RankCardinalityException(n, d.values().size());
        }
      }
      case Compressed<T> c -> checkRuns(n, c);
    }
    return new ValueMesh<>(region, rep);
  }

  private static void checkRuns(int n, Compressed<?> c) {
    long next = 0;
    for (Run r : c.runs()) {
      if (r.start() != next) {
        throw new RankCardinalityException(
            n,
            r.start(),
            "run " + r + " does not start where the previous run ends (" + next + ")");
      }
      if (r.id() >= c.table().size()) {
        throw new RankCardinalityException(
            n, r.end(), "run " + r + " names table entry " + r.id() + " of " + c.table().size());
      }
      next = r.end();
    }
    if (next != n) {
      throw new RankCardinalityException(n, next, "runs cover ranks 0.." + next);
    }
  }

  /** The mesh of no ranks: a 1-dimensional region {@code {r: 0}}, the accumulators' start. */
  @SuppressWarnings("unchecked")
  public static <T> ValueMesh<T> empty() {
    return (ValueMesh<T>) EMPTY;
  }

  /** The mesh holding {@code value} at every rank of {@code region}: a single run. */
  public static <T> ValueMesh<T> fromSingle(Region region, T value) {
    checkNotNull(region, "region");
    checkNotNull(value, "value");
    int n = region.numRanks();
    if (n == 0) {
      return new ValueMesh<>(region, new Compressed<>(ImmutableList.of(), ImmutableList.of()));
    }
    return new ValueMesh<>(
        region, new Compressed<>(ImmutableList.of(value), ImmutableList.of(new Run(0, n, 0))));
  }

  /**
   * The compressed mesh holding {@code dflt} everywhere except in {@code ranges}, which hold their
   * own values. Ranges may be given in any order; values share table entries, {@code dflt} first.
   *
   * <pre>{@code
   * // n = 10: 0 0 1 1 0 0 2 2 2 0, stored as five runs over the table [0, 1, 2]
   * fromRangesWithDefault(region, 0, [2..4=1, 6..9=2])
   * }</pre>
   *
   * @throws RankCardinalityException when a range ends past the last rank or two ranges overlap
   */
  public static <T> ValueMesh<T> fromRangesWithDefault(
      Region region, T dflt, List<ValueOverlay.Run<T>> ranges) {
    checkNotNull(region, "region");
    checkNotNull(dflt, "dflt");
    int n = region.numRanks();
    List<ValueOverlay.Run<T>> sorted = new ArrayList<>(ranges);
    sorted.sort(
        Comparator.<ValueOverlay.Run<T>>comparingLong(ValueOverlay.Run::start)
            .thenComparingLong(ValueOverlay.Run::end));
    List<ValueOverlay.Run<T>> filled = new ArrayList<>(2 * sorted.size() + 1);
    long cursor = 0;
    for (ValueOverlay.Run<T> r : sorted) {
      if (r.end() > n) {
        throw new RankCardinalityException(n, r.end(), "range " + r + " ends past the last rank");
      }
      if (r.start() < cursor) {
        throw new RankCardinalityException(
            n, r.start(), "range " + r + " overlaps the range before it");
      }
      if (cursor < r.start()) {
        filled.add(new ValueOverlay.Run<>(cursor, r.start(), dflt));
      }
      filled.add(r);
      cursor = r.end();
    }
    if (cursor < n) {
      filled.add(new ValueOverlay.Run<>(cursor, n, dflt));
    }
    // The default takes table id 0 whether or not a range comes first, as upstream.
    Rle.Encoded<T> encoded =
        n == 0 ? Rle.fromValueRuns(filled) : Rle.fromValueRuns(filled, List.of(dflt));
    return new ValueMesh<>(region, new Compressed<>(encoded.table(), encoded.runs()));
  }

  /**
   * The mesh of {@code values}, compressed: {@link #of(Region, List)} then {@link
   * #compressAdjacent()}.
   *
   * @throws RankCardinalityException when there is not exactly one value per rank
   */
  public static <T> ValueMesh<T> fromDense(Region region, List<? extends T> values) {
    return ValueMesh.<T>of(region, values).compressAdjacent();
  }

  /**
   * Collects a stream of exactly {@code region.numRanks()} values, in rank order, into a dense
   * mesh.
   *
   * @throws RankCardinalityException (when the stream ends) on too few or too many values
   */
  public static <T> Collector<T, ?, ValueMesh<T>> collect(Region region) {
    checkNotNull(region, "region");
    return Collector.<T, ImmutableList.Builder<T>, ValueMesh<T>>of(
        ImmutableList::builder,
        ImmutableList.Builder::add,
        (a, b) -> a.addAll(b.build()),
        b -> of(region, b.build()));
  }

  /**
   * The dense mesh of {@code values}, in rank order, checking the count before copying anything.
   *
   * @throws RankCardinalityException when there is not exactly one value per rank
   */
  public static <T> ValueMesh<T> collectExact(Region region, Collection<? extends T> values) {
    checkNotNull(region, "region");
    if (values.size() != region.numRanks()) {
      throw new RankCardinalityException(region.numRanks(), values.size());
    }
    return new ValueMesh<>(region, new Dense<>(ImmutableList.copyOf(values)));
  }

  /**
   * Collects {@code (rank, value)} pairs in any order into a dense mesh; a rank given twice keeps
   * its last value.
   *
   * @throws RankCardinalityException for a rank outside the region (actual: that rank + 1), or when
   *     ranks are missing (actual: the number of distinct ranks given)
   */
  public static <T> Collector<Map.Entry<Integer, T>, ?, ValueMesh<T>> collectIndexed(
      Region region) {
    checkNotNull(region, "region");
    int n = region.numRanks();
    return Collector.<Map.Entry<Integer, T>, IndexedBuffer<T>, ValueMesh<T>>of(
        () -> new IndexedBuffer<>(n),
        IndexedBuffer::put,
        (a, b) -> {
          throw new UnsupportedOperationException("collectIndexed does not run in parallel");
        },
        b -> new ValueMesh<>(region, new Dense<>(b.build())));
  }

  /** The slots of {@link #collectIndexed}, with the count of distinct ranks filled. */
  private static final class IndexedBuffer<T> {
    private final Object[] slots;
    private int filled;

    IndexedBuffer(int n) {
      slots = new Object[n];
    }

    void put(Map.Entry<Integer, T> entry) {
      int rank = checkNotNull(entry.getKey(), "rank");
      T value = checkNotNull(entry.getValue(), "value of rank %s", rank);
      if (rank < 0 || rank >= slots.length) {
        throw new RankCardinalityException(
            slots.length, rank + 1L, "rank " + rank + " is outside the region");
      }
      if (slots[rank] == null) {
        filled++;
      }
      slots[rank] = value;
    }

    @SuppressWarnings("unchecked")
    ImmutableList<T> build() {
      if (filled != slots.length) {
        throw new RankCardinalityException(slots.length, filled);
      }
      return (ImmutableList<T>) ImmutableList.copyOf(slots);
    }
  }

  // ------------------------------------------------------------------ access

  @Override
  public Region region() {
    return region;
  }

  /** How the values are stored. */
  public Rep<T> rep() {
    return rep;
  }

  /** Whether the values are run-length encoded. */
  public boolean isCompressed() {
    return rep instanceof Compressed<T>;
  }

  /** The value at view rank {@code rank}, or empty when {@code rank} is not a rank of this mesh. */
  @Override
  public Optional<T> get(int rank) {
    if (rank < 0 || rank >= region.numRanks()) {
      return Optional.empty();
    }
    return Optional.of(at(rank));
  }

  /**
   * The value at {@code point}, a point of this mesh's extent.
   *
   * @throws GeometryException {@code INVALID_POINT} when the point belongs to another extent
   */
  public T get(Point point) {
    checkNotNull(point, "point");
    Extent extent = region.extent();
    if (!point.extent().equals(extent)) {
      throw GeometryException.of(
          GeometryException.Kind.INVALID_POINT,
          "invalid point: point %s of %s is not a point of this mesh's extent %s",
          point,
          point.extent(),
          extent);
    }
    return at(point.rank());
  }

  /** The value at a rank known to be in range. */
  private T at(int rank) {
    return switch (rep) {
      case Dense<T> d -> d.values().get(rank);
      case Compressed<T> c -> c.table().get(c.runs().get(runIndex(c.runs(), rank)).id());
    };
  }

  /** The index of the run containing {@code rank}, by binary search. */
  private static int runIndex(List<Run> runs, long rank) {
    int lo = 0;
    int hi = runs.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Run r = runs.get(mid);
      if (r.end() <= rank) {
        lo = mid + 1;
      } else if (r.start() > rank) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    throw new IllegalStateException("no run contains rank " + rank + " of " + runs);
  }

  /** The values in rank order, as an immutable list (a view, for a compressed mesh). */
  public List<T> asList() {
    return switch (rep) {
      case Dense<T> d -> d.values();
      case Compressed<T> c -> new CompressedList<>(region.numRanks(), c);
    };
  }

  /** The values in rank order. */
  @Override
  public Stream<T> values() {
    return asList().stream();
  }

  /**
   * The values as coalesced runs: touching ranks of equal value form one run. The same for every
   * representation of the same values. An immutable list.
   */
  public List<ValueOverlay.Run<T>> valueRuns() {
    List<ValueOverlay.Run<T>> out = new ArrayList<>();
    switch (rep) {
      case Dense<T> d -> {
        List<T> values = d.values();
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
          if (i == values.size() || !values.get(i).equals(values.get(i - 1))) {
            out.add(new ValueOverlay.Run<>(start, i, values.get(i - 1)));
            start = i;
          }
        }
      }
      case Compressed<T> c -> {
        for (Run r : c.runs()) {
          T value = c.table().get(r.id());
          ValueOverlay.Run<T> last = out.isEmpty() ? null : out.get(out.size() - 1);
          if (last != null && last.end() == r.start() && last.value().equals(value)) {
            out.set(out.size() - 1, new ValueOverlay.Run<>(last.start(), r.end(), value));
          } else {
            out.add(new ValueOverlay.Run<>(r.start(), r.end(), value));
          }
        }
      }
    }
    return ImmutableList.copyOf(out);
  }

  // ------------------------------------------------------------------ transformation

  /**
   * The dense mesh of this mesh's values over {@code sub}, a subset of this mesh's region: what
   * {@link #range} and {@link #slice} return.
   *
   * @throws GeometryException {@code INVALID_RANGE} when {@code sub} is not a subset
   */
  @Override
  public ValueMesh<T> subset(Region sub) {
    checkNotNull(sub, "sub");
    sub.requireSubsetOf(region);
    List<Integer> ranks = region.remap(sub).orElseThrow();
    ImmutableList.Builder<T> values = ImmutableList.builderWithExpectedSize(ranks.size());
    for (int rank : ranks) {
      values.add(at(rank));
    }
    return new ValueMesh<>(sub, new Dense<>(values.build()));
  }

  /**
   * The mesh of {@code f} applied to every value, over the same region and representation. On a
   * compressed mesh {@code f} is applied once per table entry, not once per rank, so it should be a
   * pure function.
   */
  public <R> ValueMesh<R> map(Function<? super T, ? extends R> f) {
    checkNotNull(f, "f");
    List<T> source = stored();
    ImmutableList.Builder<R> out = ImmutableList.builderWithExpectedSize(source.size());
    for (T v : source) {
      out.add(checkNotNull(f.apply(v), "mapped value of %s", v));
    }
    return withStored(out.build());
  }

  /** A function that may fail with a checked exception. */
  @FunctionalInterface
  public interface FailableFunction<T, R, E extends Exception> {
    R apply(T value) throws E;
  }

  /**
   * {@link #map} with a function that may fail: the first failure, in rank order (table order for a
   * compressed mesh), stops the mapping and is thrown.
   */
  public <R, E extends Exception> ValueMesh<R> tryMap(FailableFunction<? super T, ? extends R, E> f)
      throws E {
    checkNotNull(f, "f");
    List<T> source = stored();
    ImmutableList.Builder<R> out = ImmutableList.builderWithExpectedSize(source.size());
    for (T v : source) {
      out.add(checkNotNull(f.apply(v), "mapped value of %s", v));
    }
    return withStored(out.build());
  }

  /**
   * The mesh of the futures' results, once all of them complete; it fails with the failure of the
   * first failed future in rank order (table order for a compressed mesh). Over already completed
   * futures this is upstream's {@code transpose} of a mesh of results into a result of a mesh.
   */
  public static <T> CompletableFuture<ValueMesh<T>> join(
      ValueMesh<? extends CompletionStage<? extends T>> futures) {
    checkNotNull(futures, "futures");
    List<CompletableFuture<? extends T>> all = new ArrayList<>();
    for (CompletionStage<? extends T> s : futures.stored()) {
      all.add(s.toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new))
        // Wait for all of them, then report the first failure in order, not the first to fail.
        .handle((ignored, error) -> null)
        .thenCompose(
            ignored -> {
              ImmutableList.Builder<T> values = ImmutableList.builderWithExpectedSize(all.size());
              for (CompletableFuture<? extends T> f : all) {
                if (f.isCompletedExceptionally()) {
                  return f.<ValueMesh<T>>thenApply(v -> empty());
                }
                values.add(f.join());
              }
              return CompletableFuture.completedFuture(futures.withStored(values.build()));
            });
  }

  /** The stored values: one per rank when dense, the table when compressed. */
  private List<T> stored() {
    return switch (rep) {
      case Dense<T> d -> d.values();
      case Compressed<T> c -> c.table();
    };
  }

  /** The mesh of this mesh's region and runs with {@code stored} in place of {@link #stored()}. */
  private <R> ValueMesh<R> withStored(ImmutableList<R> stored) {
    return new ValueMesh<>(
        region,
        switch (rep) {
          case Dense<T> d -> new Dense<R>(stored);
          case Compressed<T> c -> new Compressed<R>(stored, c.runs());
        });
  }

  /**
   * This mesh run-length encoded, adjacent equal values forming one run; this mesh itself when it
   * is already compressed. The table has one entry per run: {@code [A, A, B, B, B, A]} gives table
   * {@code [A, B, A]}.
   */
  public ValueMesh<T> compressAdjacent() {
    return compressAdjacent(Object::equals);
  }

  /**
   * {@link #compressAdjacent()} with {@code same} deciding which adjacent values share a run (each
   * run keeps its first value). {@code same} must be reflexive and symmetric.
   */
  public ValueMesh<T> compressAdjacent(BiPredicate<? super T, ? super T> same) {
    checkNotNull(same, "same");
    if (!(rep instanceof Dense<T> d)) {
      return this;
    }
    Rle.Encoded<T> encoded = Rle.fromDense(d.values(), same);
    return new ValueMesh<>(region, new Compressed<>(encoded.table(), encoded.runs()));
  }

  /**
   * This mesh with {@code overlay}'s values written over it: right-wins, the overlay's value
   * replacing the mesh's at every rank it names. The result is always compressed, with a
   * deduplicated table. Runs are linear ranks, so an overlay may cross row boundaries.
   *
   * <pre>{@code
   * // [1,1,1,2,2,2,3,3] with 2..6=9 is [1,1,9,9,9,9,3,3]: runs 0..2=1, 2..6=9, 6..8=3
   * }</pre>
   *
   * @throws OverlayBuildException of kind {@code OUT_OF_BOUNDS} when a run ends past the last rank
   */
  public ValueMesh<T> mergeFromOverlay(ValueOverlay<T> overlay) {
    checkNotNull(overlay, "overlay");
    int n = region.numRanks();
    for (ValueOverlay.Run<T> r : overlay.runs()) {
      if (r.end() > n) {
        throw OverlayBuildException.outOfBounds(r, n);
      }
    }
    ImmutableList<ValueOverlay.Run<T>> merged = Rle.mergeValueRuns(valueRuns(), overlay.runs());
    Rle.Encoded<T> encoded = Rle.fromValueRuns(merged);
    return new ValueMesh<>(region, new Compressed<>(encoded.table(), encoded.runs()));
  }

  // ------------------------------------------------------------------ identity

  /** Equal when the regions are equal and so is the value at every rank, whatever the storage. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ValueMesh<?> other
        && region.equals(other.region)
        && valueRuns().equals(other.valueRuns());
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, valueRuns());
  }

  @Override
  public String toString() {
    return "ValueMesh{" + region + ": " + valueRuns() + "}";
  }

  /** The values of a compressed mesh as a list, iterated run by run. */
  private static final class CompressedList<T> extends AbstractList<T> {
    private final int size;
    private final Compressed<T> c;

    CompressedList(int size, Compressed<T> c) {
      this.size = size;
      this.c = c;
    }

    @Override
    public T get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("rank " + index + " of " + size);
      }
      return c.table().get(c.runs().get(runIndex(c.runs(), index)).id());
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<T> iterator() {
      return new Iterator<>() {
        private int run;
        private long rank;

        @Override
        public boolean hasNext() {
          return rank < size;
        }

        @Override
        public T next() {
          if (rank >= size) {
            throw new NoSuchElementException();
          }
          Run r = c.runs().get(run);
          T value = c.table().get(r.id());
          if (++rank >= r.end()) {
            run++;
          }
          return value;
        }
      };
    }
  }
}
