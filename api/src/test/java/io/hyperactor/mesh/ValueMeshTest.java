package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.accum.Accumulator;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.mesh.accum.ReducerRegistry;
import io.hyperactor.mesh.accum.Reducers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The upstream {@code hyperactor_mesh/src/value_mesh.rs} tests. */
class ValueMeshTest {

  private static Region region(String label, int size) {
    return Extent.of(label, size).region();
  }

  private static Region region(String l1, int s1, String l2, int s2) {
    return Extent.of(l1, s1, l2, s2).region();
  }

  private static List<Integer> ints(int... values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static ValueOverlay.Run<Integer> run(long start, long end, int value) {
    return new ValueOverlay.Run<>(start, end, value);
  }

  private static RankCardinalityException assertCardinality(
      int expected, long actual, Runnable action) {
    RankCardinalityException e = assertThrows(RankCardinalityException.class, action::run);
    assertThat(e.expected()).isEqualTo(expected);
    assertThat(e.actual()).isEqualTo(actual);
    return e;
  }

  @Test
  void valueMeshNewOk() {
    ValueMesh<Integer> mesh = ValueMesh.of(region("replica", 2, "gpu", 3), ints(0, 1, 2, 3, 4, 5));
    assertThat(mesh.numRanks()).isEqualTo(6);
    assertThat(mesh.values().toList()).containsExactly(0, 1, 2, 3, 4, 5).inOrder();
    assertThat(mesh.isCompressed()).isFalse();
  }

  @Test
  void valueMeshNewLenMismatchIsError() {
    RankCardinalityException e =
        assertCardinality(
            6, 5, () -> ValueMesh.of(region("replica", 2, "gpu", 3), ints(0, 0, 0, 0, 0)));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("invalid mesh ref: expected 6 ranks, but contains 5 ranks");
  }

  @Test
  void valueMeshTransposeOkAndErr() {
    Region region = region("x", 2);
    ValueMesh<CompletableFuture<Integer>> ok =
        ValueMesh.of(
            region,
            List.of(CompletableFuture.completedFuture(1), CompletableFuture.completedFuture(2)));
    assertThat(ValueMesh.join(ok).join().values().toList()).containsExactly(1, 2).inOrder();

    IllegalStateException boom = new IllegalStateException("boom");
    ValueMesh<CompletableFuture<Integer>> err =
        ValueMesh.of(
            region,
            List.of(CompletableFuture.completedFuture(1), CompletableFuture.failedFuture(boom)));
    CompletionException e =
        assertThrows(CompletionException.class, () -> ValueMesh.join(err).join());
    assertThat(e).hasCauseThat().isSameInstanceAs(boom);
  }

  @Test
  void valueMeshTransposeReportsTheFirstFailureInRankOrder() {
    IllegalStateException first = new IllegalStateException("first");
    CompletableFuture<Integer> failsLater = new CompletableFuture<>();
    ValueMesh<CompletableFuture<Integer>> mesh =
        ValueMesh.of(
            region("x", 3),
            List.of(
                failsLater,
                CompletableFuture.completedFuture(1),
                CompletableFuture.<Integer>failedFuture(new IllegalStateException("second"))));
    CompletableFuture<ValueMesh<Integer>> joined = ValueMesh.join(mesh);
    assertThat(joined.isDone()).isFalse();
    failsLater.completeExceptionally(first);
    CompletionException e = assertThrows(CompletionException.class, joined::join);
    assertThat(e).hasCauseThat().isSameInstanceAs(first);
  }

  @Test
  void valueMeshJoinPreservesRegionAndValues() {
    Region region = region("x", 2, "y", 2);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 10; i < 14; i++) {
      futures.add(new CompletableFuture<>());
    }
    CompletableFuture<ValueMesh<Integer>> joined = ValueMesh.join(ValueMesh.of(region, futures));
    for (int i = 3; i >= 0; i--) {
      assertThat(joined.isDone()).isFalse();
      futures.get(i).complete(10 + i);
    }
    ValueMesh<Integer> mesh = joined.join();
    assertThat(mesh.region()).isEqualTo(region);
    assertThat(mesh.values().toList()).containsExactly(10, 11, 12, 13).inOrder();
  }

  @Test
  void collectMeshOk() {
    ValueMesh<Integer> mesh =
        IntStream.range(0, 6).boxed().collect(ValueMesh.collect(region("x", 2, "y", 3)));
    assertThat(mesh.numRanks()).isEqualTo(6);
    assertThat(mesh.values().toList()).containsExactly(0, 1, 2, 3, 4, 5).inOrder();
  }

  @Test
  void collectMeshLenTooShortIsError() {
    assertCardinality(
        6,
        5,
        () -> IntStream.range(0, 5).boxed().collect(ValueMesh.collect(region("x", 2, "y", 3))));
  }

  @Test
  void collectMeshLenTooLongIsError() {
    assertCardinality(
        6,
        7,
        () -> IntStream.range(0, 7).boxed().collect(ValueMesh.collect(region("x", 2, "y", 3))));
  }

  @Test
  void collectMeshFromMapPipeline() {
    ValueMesh<Integer> mesh =
        IntStream.range(0, 4)
            .map(i -> i * 10)
            .boxed()
            .collect(ValueMesh.collect(region("x", 2, "y", 2)));
    assertThat(mesh.values().toList()).containsExactly(0, 10, 20, 30).inOrder();
  }

  @Test
  void collectExactMeshOk() {
    ValueMesh<Integer> mesh =
        ValueMesh.collectExact(region("x", 2, "y", 3), ints(0, 1, 2, 3, 4, 5));
    assertThat(mesh.numRanks()).isEqualTo(6);
    assertThat(mesh.values().toList()).containsExactly(0, 1, 2, 3, 4, 5).inOrder();
  }

  @Test
  void collectExactMeshLenTooShortIsError() {
    assertCardinality(
        6, 5, () -> ValueMesh.collectExact(region("x", 2, "y", 3), ints(0, 1, 2, 3, 4)));
  }

  @Test
  void collectExactMeshLenTooLongIsError() {
    assertCardinality(
        6, 7, () -> ValueMesh.collectExact(region("x", 2, "y", 3), ints(0, 1, 2, 3, 4, 5, 6)));
  }

  @Test
  void collectExactMeshFromMapPipeline() {
    List<Integer> values = IntStream.range(0, 4).map(i -> i * 10).boxed().toList();
    ValueMesh<Integer> mesh = ValueMesh.collectExact(region("x", 2, "y", 2), values);
    assertThat(mesh.values().toList()).containsExactly(0, 10, 20, 30).inOrder();
  }

  @Test
  void collectIndexedOkShuffled() {
    ValueMesh<Integer> mesh =
        Stream.of(
                Map.entry(3, 30),
                Map.entry(0, 0),
                Map.entry(5, 50),
                Map.entry(2, 20),
                Map.entry(1, 10),
                Map.entry(4, 40))
            .collect(ValueMesh.collectIndexed(region("x", 2, "y", 3)));
    assertThat(mesh.numRanks()).isEqualTo(6);
    assertThat(mesh.values().toList()).containsExactly(0, 10, 20, 30, 40, 50).inOrder();
  }

  @Test
  void collectIndexedMissingRankIsError() {
    assertCardinality(
        4,
        3,
        () ->
            Stream.of(Map.entry(0, 100), Map.entry(1, 101), Map.entry(2, 102))
                .collect(ValueMesh.collectIndexed(region("x", 2, "y", 2))));
  }

  @Test
  void collectIndexedOutOfBoundsIsError() {
    assertCardinality(
        4,
        5,
        () ->
            Stream.of(Map.entry(0, 1), Map.entry(4, 9))
                .collect(ValueMesh.collectIndexed(region("x", 2, "y", 2))));
  }

  @Test
  void collectIndexedDuplicateLastWriteWins() {
    ValueMesh<Integer> mesh =
        Stream.of(Map.entry(0, 7), Map.entry(1, 8), Map.entry(1, 88), Map.entry(2, 9))
            .collect(ValueMesh.collectIndexed(region("x", 1, "y", 3)));
    assertThat(mesh.values().toList()).containsExactly(7, 88, 9).inOrder();
  }

  // ------------------------------------------------------------------ collectIndexed properties

  /** The obvious collector, for the properties to compare against. */
  private static ValueMesh<Long> referenceIndexed(
      Region region, List<Map.Entry<Integer, Long>> pairs) {
    int n = region.numRanks();
    Long[] buf = new Long[n];
    int filled = 0;
    for (Map.Entry<Integer, Long> e : pairs) {
      if (e.getKey() >= n) {
        throw new RankCardinalityException(n, e.getKey() + 1L);
      }
      if (buf[e.getKey()] == null) {
        filled++;
      }
      buf[e.getKey()] = e.getValue();
    }
    if (filled != n) {
      throw new RankCardinalityException(n, filled);
    }
    return ValueMesh.of(region, Arrays.asList(buf));
  }

  /** A deterministic shuffle keyed by the SplitMix64 mix of each index, as upstream's tests. */
  private static <T> List<T> pseudoShuffle(List<T> values) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, values.size()).boxed().toList());
    order.sort(Comparator.comparingLong(ValueMeshTest::hashKey));
    return order.stream().map(values::get).toList();
  }

  private static long hashKey(int x) {
    long z = x ^ 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Region randomRegion(SplittableRandom random) {
    return Generators.region(random, 1, 4, 6);
  }

  /** A region and rank-value pairs that cover it, in the order a collector receives them. */
  record CollectCase(Region region, List<Map.Entry<Integer, Long>> pairs) {}

  /**
   * Every rank of the region once, plus 0 to 12 extra pairs repeating random ranks with new
   * values, shuffled.
   */
  private static CollectCase collectCase(SplittableRandom random) {
    Region region = randomRegion(random);
    int n = region.numRanks();
    List<Map.Entry<Integer, Long>> pairs = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      pairs.add(Map.entry(r, (long) r));
    }
    int extraLen = Generators.between(random, 0, 12);
    for (int k = 0; k < extraLen; k++) {
      pairs.add(Map.entry(random.nextInt(n), (long) n + k));
    }
    return new CollectCase(region, pseudoShuffle(pairs));
  }

  @Test
  void tryCollectOptEquivalence() {
    SeededCases.forAll(
        601,
        200,
        ValueMeshTest::collectCase,
        c -> {
          ValueMesh<Long> reference = referenceIndexed(c.region(), c.pairs());
          ValueMesh<Long> collected =
              c.pairs().stream().collect(ValueMesh.collectIndexed(c.region()));
          assertThat(collected.region()).isEqualTo(reference.region());
          assertThat(collected.values().toList()).isEqualTo(reference.values().toList());
        });
  }

  @Test
  void tryCollectOptMissingRankErrorsMatch() {
    SeededCases.forAll(
        602,
        200,
        ValueMeshTest::randomRegion,
        region -> {
          int n = region.numRanks();
          List<Map.Entry<Integer, Long>> pairs = new ArrayList<>();
          for (int r = 1; r < n; r++) {
            pairs.add(Map.entry(r, (long) r));
          }
          List<Map.Entry<Integer, Long>> shuffled = pseudoShuffle(pairs);
          RankCardinalityException ref =
              assertThrows(
                  RankCardinalityException.class, () -> referenceIndexed(region, shuffled));
          RankCardinalityException opt =
              assertThrows(
                  RankCardinalityException.class,
                  () -> shuffled.stream().collect(ValueMesh.collectIndexed(region)));
          assertThat(opt.expected()).isEqualTo(ref.expected());
          assertThat(opt.actual()).isEqualTo(ref.actual());
        });
  }

  @Test
  void tryCollectOptOutOfBoundErrorsMatch() {
    SeededCases.forAll(
        603,
        200,
        ValueMeshTest::randomRegion,
        region -> {
          int n = region.numRanks();
          List<Map.Entry<Integer, Long>> pairs =
              pseudoShuffle(List.of(Map.entry(0, 0L), Map.entry(n, 123L)));
          RankCardinalityException ref =
              assertThrows(RankCardinalityException.class, () -> referenceIndexed(region, pairs));
          RankCardinalityException opt =
              assertThrows(
                  RankCardinalityException.class,
                  () -> pairs.stream().collect(ValueMesh.collectIndexed(region)));
          assertThat(opt.expected()).isEqualTo(ref.expected());
          assertThat(opt.actual()).isEqualTo(ref.actual());
        });
  }

  // ------------------------------------------------------------------ map

  @Test
  void mapIntoPreservesRegionAndOrder() {
    Region region = region("rows", 2, "cols", 3);
    ValueMesh<Integer> doubled = ValueMesh.of(region, ints(0, 1, 2, 3, 4, 5)).map(x -> x * 2);
    assertThat(doubled.region()).isEqualTo(region);
    assertThat(doubled.values().toList()).containsExactly(0, 2, 4, 6, 8, 10).inOrder();
  }

  @Test
  void mapIntoRefBorrowsAndPreserves() {
    Region region = region("n", 4);
    ValueMesh<Integer> lengths =
        ValueMesh.of(region, List.of("a", "b", "c", "d")).map(String::length);
    assertThat(lengths.region()).isEqualTo(region);
    assertThat(lengths.values().toList()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void tryMapIntoShortCircuitsOnError() {
    ValueMesh<Integer> mesh = ValueMesh.of(region("n", 4), ints(1, 2, 3, 4));
    List<Integer> seen = new ArrayList<>();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                mesh.tryMap(
                    x -> {
                      seen.add(x);
                      if (x == 3) {
                        throw new Exception("boom");
                      }
                      return x + 10;
                    }));
    assertThat(e).hasMessageThat().isEqualTo("boom");
    assertThat(seen).containsExactly(1, 2, 3).inOrder();
  }

  @Test
  void tryMapIntoRefShortCircuitsOnError() throws Exception {
    ValueMesh<Integer> mesh = ValueMesh.fromDense(region("n", 4), ints(1, 2, 3, 4));
    assertThat(mesh.tryMap(x -> x + 10).values().toList())
        .containsExactly(11, 12, 13, 14)
        .inOrder();
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                mesh.tryMap(
                    x -> {
                      if (x == 3) {
                        throw new Exception("boom");
                      }
                      return x + 10;
                    }));
    assertThat(e).hasMessageThat().isEqualTo("boom");
  }

  @Test
  void mapIntoReadyFutures() {
    Region region = region("r", 2, "c", 2);
    ValueMesh<CompletableFuture<Integer>> pending =
        ValueMesh.of(region, ints(10, 20, 30, 40))
            .map(x -> CompletableFuture.completedFuture(x + 1));
    assertThat(pending.region()).isEqualTo(region);
    assertThat(pending.values().map(CompletableFuture::join).toList())
        .containsExactly(11, 21, 31, 41)
        .inOrder();
  }

  @Test
  void mapIntoSingleElementMesh() {
    Region region = region("n", 1);
    ValueMesh<Integer> out = ValueMesh.of(region, ints(7)).map(x -> x * x);
    assertThat(out.region()).isEqualTo(region);
    assertThat(out.values().toList()).containsExactly(49);
  }

  @Test
  void mapIntoRefWithNonCloneField() {
    record NotClone(int n) {}
    record Pair(int first, NotClone second) {}
    Region region = region("x", 3);
    ValueMesh<Pair> mesh =
        Stream.of(
                new Pair(10, new NotClone(1)),
                new Pair(20, new NotClone(2)),
                new Pair(30, new NotClone(3)))
            .collect(ValueMesh.collect(region));
    ValueMesh<Integer> projected = mesh.map(Pair::first);
    assertThat(projected.values().toList()).containsExactly(10, 20, 30).inOrder();
    assertThat(projected.region()).isEqualTo(region);
  }

  @Test
  void mapOfACompressedMeshAppliesTheFunctionPerTableEntry() {
    ValueMesh<Integer> mesh = ValueMesh.fromSingle(region("n", 1000), 3);
    List<Integer> calls = new ArrayList<>();
    ValueMesh<Integer> mapped =
        mesh.map(
            x -> {
              calls.add(x);
              return x + 1;
            });
    assertThat(calls).containsExactly(3);
    assertThat(mapped.isCompressed()).isTrue();
    assertThat(mapped.get(999)).hasValue(4);
  }

  // ------------------------------------------------------------------ run-length encoding

  @Test
  void rleRoundtripAllEqual() {
    Region region = region("n", 6);
    ValueMesh<Integer> vm = ValueMesh.of(region, ints(42, 42, 42, 42, 42, 42)).compressAdjacent();
    assertThat(vm.isCompressed()).isTrue();
    assertThat(vm.values().toList()).containsExactly(42, 42, 42, 42, 42, 42);
    for (int i = 0; i < region.numRanks(); i++) {
      assertThat(vm.get(i)).hasValue(42);
    }
    assertThat(vm.get(region.numRanks())).isEmpty();
    assertThat(vm.get(-1)).isEmpty();
  }

  @Test
  void rleRoundtripAlternating() {
    List<Integer> original = ints(1, 2, 1, 2, 1, 2);
    ValueMesh<Integer> vm = ValueMesh.of(region("n", 6), original).compressAdjacent();
    assertThat(vm.values().toList()).isEqualTo(original);
    assertThat(vm.get(0)).hasValue(1);
    assertThat(vm.get(1)).hasValue(2);
    assertThat(vm.get(3)).hasValue(2);
    assertThat(vm.get(5)).hasValue(2);
  }

  @Test
  void rleRoundtripBlockyAndSlice() {
    Region region = region("n", 10);
    List<Integer> original = ints(0, 0, 0, 1, 1, 2, 2, 2, 2, 3);
    ValueMesh<Integer> vm = ValueMesh.of(region, original).compressAdjacent();
    assertThat(vm.values().toList()).isEqualTo(original);
    assertThat(vm.asList()).isEqualTo(original);

    ValueMesh<Integer> sliced = vm.range("n", Range.of(3, 8));
    assertThat(sliced.values().toList()).containsExactly(1, 1, 2, 2, 2).inOrder();
    assertThat(sliced.region()).isEqualTo(region.range("n", Range.of(3, 8)));
    assertThat(sliced.isCompressed()).isFalse();
  }

  @Test
  void rleSliceOfAStridedRegionOfATwoDimensionalMesh() {
    Region region = region("x", 4, "y", 4);
    ValueMesh<Integer> vm =
        ValueMesh.fromDense(region, ints(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
    ValueMesh<Integer> sliced = vm.range("x", Range.from(1, 2)).range("y", Range.of(1, 3));
    // Rows 1 and 3, columns 1 and 2: base ranks 5, 6, 13, 14.
    assertThat(sliced.region().values().toList()).containsExactly(5, 6, 13, 14).inOrder();
    assertThat(sliced.values().toList()).containsExactly(0, 1, 3, 3).inOrder();
    assertThat(sliced.get(sliced.extent().point(1, 0))).isEqualTo(3);
    GeometryException e =
        assertThrows(GeometryException.class, () -> sliced.subset(region("x", 4, "y", 4)));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.INVALID_RANGE);
  }

  @Test
  void rleIdempotentNoopOnSecondCall() {
    List<Integer> original = ints(9, 9, 9, 8, 8, 9, 9);
    ValueMesh<Integer> once = ValueMesh.of(region("n", 7), original).compressAdjacent();
    assertThat(once.values().toList()).isEqualTo(original);
    ValueMesh<Integer> twice = once.compressAdjacent();
    assertThat(twice).isSameInstanceAs(once);
    assertThat(twice.values().toList()).isEqualTo(original);
  }

  @Test
  void rleWorksAfterBuildIndexed() {
    ValueMesh<Integer> vm =
        Stream.of(
                Map.entry(3, 30),
                Map.entry(0, 0),
                Map.entry(5, 50),
                Map.entry(2, 20),
                Map.entry(1, 10),
                Map.entry(4, 40))
            .collect(ValueMesh.collectIndexed(region("x", 2, "y", 3)))
            .compressAdjacent();
    assertThat(vm.values().toList()).containsExactly(0, 10, 20, 30, 40, 50).inOrder();
    assertThat(vm.get(4)).hasValue(40);
    assertThat(((ValueMesh.Compressed<Integer>) vm.rep()).runs()).hasSize(6);
  }

  @Test
  void rleHandlesSingletonMesh() {
    ValueMesh<Integer> vm = ValueMesh.of(region("n", 1), ints(123)).compressAdjacent();
    assertThat(vm.values().toList()).containsExactly(123);
    assertThat(vm.get(0)).hasValue(123);
    assertThat(vm.get(1)).isEmpty();
  }

  @Test
  void compressAdjacentByAPredicateKeepsEachRunsFirstValue() {
    ValueMesh<String> vm =
        ValueMesh.of(region("n", 5), List.of("a", "A", "b", "B", "a"))
            .compressAdjacent(String::equalsIgnoreCase);
    assertThat(vm.values().toList()).containsExactly("a", "a", "b", "b", "a").inOrder();
  }

  // ------------------------------------------------------------------ compressed constructors

  @Test
  void fromSingleBuildsSingleRun() {
    Region region = region("n", 6);
    ValueMesh<Integer> vm = ValueMesh.fromSingle(region, 7);
    assertThat(vm.region()).isEqualTo(region);
    assertThat(vm.values().toList()).containsExactly(7, 7, 7, 7, 7, 7);
    assertThat(vm.get(0)).hasValue(7);
    assertThat(vm.get(5)).hasValue(7);
    assertThat(vm.get(6)).isEmpty();
    assertThat(vm.rep())
        .isEqualTo(
            new ValueMesh.Compressed<>(
                ImmutableList.of(7), ImmutableList.of(new ValueMesh.Run(0, 6, 0))));
  }

  @Test
  void fromSingleOfAnEmptyRegionHasNoRuns() {
    ValueMesh<Integer> vm = ValueMesh.fromSingle(region("n", 0), 7);
    assertThat(vm.rep())
        .isEqualTo(new ValueMesh.Compressed<Integer>(ImmutableList.of(), ImmutableList.of()));
    assertThat(vm.values().toList()).isEmpty();
  }

  /**
   * Upstream compares {@code from_default} (Java has no default value) with {@code from_single}:
   * meshes built different ways from the same values are equal, whatever their representation.
   */
  @Test
  void testDefaultVsSingleEquivalence() {
    Region region = region("x", 4);
    ValueMesh<Integer> single = ValueMesh.fromSingle(region, 0);
    ValueMesh<Integer> dense = ValueMesh.of(region, ints(0, 0, 0, 0));
    ValueMesh<Integer> ranged = ValueMesh.fromRangesWithDefault(region, 0, List.of(run(1, 2, 0)));
    assertThat(single).isEqualTo(ValueMesh.fromSingle(region, 0));
    assertThat(single).isEqualTo(dense);
    assertThat(single).isEqualTo(ranged);
    assertThat(single.hashCode()).isEqualTo(dense.hashCode());
    assertThat(dense.isCompressed()).isFalse();
    assertThat(single).isNotEqualTo(ValueMesh.fromSingle(region, 1));
    assertThat(single).isNotEqualTo(ValueMesh.fromSingle(region("y", 4), 0));
  }

  @Test
  void buildFromRangesWithDefaultBasic() {
    Region region = region("n", 10);
    ValueMesh<Integer> vm =
        ValueMesh.fromRangesWithDefault(region, 0, List.of(run(6, 9, 2), run(2, 4, 1)));
    assertThat(vm.region()).isEqualTo(region);
    assertThat(vm.values().toList()).containsExactly(0, 0, 1, 1, 0, 0, 2, 2, 2, 0).inOrder();
    ValueMesh.Compressed<Integer> c = (ValueMesh.Compressed<Integer>) vm.rep();
    assertThat(c.table()).containsExactly(0, 1, 2).inOrder();
    assertThat(c.runs()).hasSize(5);
  }

  @Test
  void buildFromRangesWithDefaultEdgeCases() {
    Region region = region("n", 5);
    assertThat(ValueMesh.fromRangesWithDefault(region, 9, List.of(run(0, 5, 3))).values().toList())
        .containsExactly(3, 3, 3, 3, 3);
    assertThat(
            ValueMesh.fromRangesWithDefault(region, 0, List.of(run(1, 2, 7), run(2, 4, 7)))
                .values()
                .toList())
        .containsExactly(0, 7, 7, 7, 0)
        .inOrder();
    assertThat(ValueMesh.fromRangesWithDefault(region("n", 0), 42, List.of()).values().toList())
        .isEmpty();
  }

  @Test
  void buildFromRangesWithDefaultRejectsOverlapAndOutOfBounds() {
    Region region = region("n", 5);
    RankCardinalityException past =
        assertCardinality(
            5, 6, () -> ValueMesh.fromRangesWithDefault(region, 0, List.of(run(3, 6, 1))));
    assertThat(past).hasMessageThat().contains("range 3..6=1 ends past the last rank");
    RankCardinalityException overlap =
        assertCardinality(
            5,
            2,
            () -> ValueMesh.fromRangesWithDefault(region, 0, List.of(run(0, 3, 1), run(2, 4, 2))));
    assertThat(overlap).hasMessageThat().contains("overlaps");
  }

  @Test
  void fromDenseBuildsAndCompresses() {
    Region region = region("n", 6);
    ValueMesh<Integer> mesh = ValueMesh.fromDense(region, ints(1, 1, 2, 2, 3, 3));
    assertThat(mesh.region()).isEqualTo(region);
    assertThat(mesh.isCompressed()).isTrue();
    assertThat(mesh.values().toList()).containsExactly(1, 1, 2, 2, 3, 3).inOrder();
    assertThat(mesh.get(0)).hasValue(1);
    assertThat(mesh.get(3)).hasValue(2);
    assertThat(mesh.get(5)).hasValue(3);
  }

  @Test
  void ofRepChecksTheRepresentation() {
    Region region = region("n", 4);
    ValueMesh.Compressed<Integer> gap =
        new ValueMesh.Compressed<>(
            ImmutableList.of(1, 2),
            ImmutableList.of(new ValueMesh.Run(0, 2, 0), new ValueMesh.Run(3, 4, 1)));
    assertThat(assertThrows(RankCardinalityException.class, () -> ValueMesh.of(region, gap)))
        .hasMessageThat()
        .contains("does not start where the previous run ends (2)");
    ValueMesh.Compressed<Integer> short_ =
        new ValueMesh.Compressed<>(
            ImmutableList.of(1), ImmutableList.of(new ValueMesh.Run(0, 3, 0)));
    assertCardinality(4, 3, () -> ValueMesh.of(region, short_));
    ValueMesh.Compressed<Integer> badId =
        new ValueMesh.Compressed<>(
            ImmutableList.of(1), ImmutableList.of(new ValueMesh.Run(0, 4, 1)));
    assertThat(assertThrows(RankCardinalityException.class, () -> ValueMesh.of(region, badId)))
        .hasMessageThat()
        .contains("names table entry 1 of 1");
    assertCardinality(
        4, 3, () -> ValueMesh.of(region, new ValueMesh.Dense<>(ImmutableList.of(1, 2, 3))));
  }

  @Test
  void getByPointChecksTheExtent() {
    ValueMesh<Integer> mesh = ValueMesh.of(region("x", 2, "y", 2), ints(1, 2, 3, 4));
    assertThat(mesh.get(mesh.extent().point(1, 0))).isEqualTo(3);
    GeometryException e =
        assertThrows(GeometryException.class, () -> mesh.get(Extent.of("x", 4).point(1)));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.INVALID_POINT);
  }

  @Test
  void emptyMeshHasNoRanks() {
    ValueMesh<String> empty = ValueMesh.empty();
    assertThat(empty.numRanks()).isEqualTo(0);
    assertThat(empty.region()).isEqualTo(Extent.of("r", 0).region());
    assertThat(empty.values().toList()).isEmpty();
  }

  // ------------------------------------------------------------------ overlays

  @Test
  void mergeFromOverlayBasic() {
    ValueMesh<Integer> mesh = ValueMesh.fromDense(region("n", 8), ints(1, 1, 1, 2, 2, 2, 3, 3));
    ValueMesh<Integer> merged =
        mesh.mergeFromOverlay(ValueOverlay.tryFromRuns(List.of(run(2, 6, 9))));
    assertThat(merged.valueRuns())
        .containsExactly(run(0, 2, 1), run(2, 6, 9), run(6, 8, 3))
        .inOrder();
    assertThat(merged.isCompressed()).isTrue();
    // The mesh merged into is unchanged.
    assertThat(mesh.values().toList()).containsExactly(1, 1, 1, 2, 2, 2, 3, 3).inOrder();
  }

  @Test
  void mergeFromOverlayMultipleSpans() {
    ValueMesh<Integer> mesh =
        ValueMesh.fromDense(region("m", 12), ints(1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4));
    ValueMesh<Integer> merged =
        mesh.mergeFromOverlay(ValueOverlay.tryFromRuns(List.of(run(2, 6, 9), run(9, 11, 8))));
    assertThat(merged.valueRuns())
        .containsExactly(run(0, 2, 1), run(2, 6, 9), run(6, 9, 3), run(9, 11, 8), run(11, 12, 4))
        .inOrder();
  }

  @Test
  void mergeFromOverlayCrossesRowBoundary() {
    ValueMesh<Integer> mesh =
        ValueMesh.fromDense(region("rows", 2, "cols", 5), ints(1, 1, 1, 2, 2, 3, 3, 4, 4, 4));
    ValueMesh<Integer> merged =
        mesh.mergeFromOverlay(ValueOverlay.tryFromRuns(List.of(run(3, 7, 9))));
    assertThat(merged.values().toList()).containsExactly(1, 1, 1, 9, 9, 9, 9, 4, 4, 4).inOrder();
    assertThat(merged.valueRuns())
        .containsExactly(run(0, 3, 1), run(3, 7, 9), run(7, 10, 4))
        .inOrder();
  }

  @Test
  void mergeFromOverlayRejectsRunsPastTheLastRank() {
    ValueMesh<Integer> mesh = ValueMesh.fromSingle(region("n", 8), 0);
    OverlayBuildException e =
        assertThrows(
            OverlayBuildException.class, () -> mesh.mergeFromOverlay(ValueOverlay.of(6, 9, 1)));
    assertThat(e.kind()).isEqualTo(OverlayBuildException.Kind.OUT_OF_BOUNDS);
    assertThat(e).hasMessageThat().isEqualTo("range 6..9 exceeds region bounds (len=8)");
  }

  private enum Val {
    INIT,
    RUNNING,
    STOPPED
  }

  @Test
  void accumulatorInitializesAndMergesOverlays() {
    Region region = region("m", 8);
    ValueMesh<Val> template = ValueMesh.fromSingle(region, Val.INIT);
    Accumulator<ValueMesh<Val>, ValueOverlay<Val>> accumulator = Accumulators.valueMesh(template);

    ValueMesh<Val> state = accumulator.initialState();
    assertThat(state.numRanks()).isEqualTo(0);

    state = accumulator.accumulate(state, ValueOverlay.of(2, 5, Val.RUNNING));
    assertThat(state.numRanks()).isEqualTo(8);
    assertThat(state.values().toList())
        .containsExactly(
            Val.INIT, Val.INIT, Val.RUNNING, Val.RUNNING, Val.RUNNING, Val.INIT, Val.INIT, Val.INIT)
        .inOrder();

    state = accumulator.accumulate(state, ValueOverlay.of(5, 7, Val.STOPPED));
    assertThat(state.values().toList())
        .containsExactly(
            Val.INIT,
            Val.INIT,
            Val.RUNNING,
            Val.RUNNING,
            Val.RUNNING,
            Val.STOPPED,
            Val.STOPPED,
            Val.INIT)
        .inOrder();

    assertThat(accumulator.reducerSpec()).hasValue(Reducers.VALUE_OVERLAY);
  }

  @Test
  void valueOverlayReducerMergesWithRightWins() {
    ValueOverlay<Val> left =
        ValueOverlay.tryFromRuns(
            List.of(
                new ValueOverlay.Run<>(0, 4, Val.RUNNING),
                new ValueOverlay.Run<>(6, 8, Val.STOPPED)));
    ValueOverlay<Val> right = ValueOverlay.of(2, 6, Val.INIT);
    Object merged = ReducerRegistry.builtins().resolve(Reducers.VALUE_OVERLAY).reduce(left, right);
    assertThat(((ValueOverlay<?>) merged).runs())
        .containsExactly(
            new ValueOverlay.Run<>(0, 2, Val.RUNNING),
            new ValueOverlay.Run<>(2, 6, Val.INIT),
            new ValueOverlay.Run<>(6, 8, Val.STOPPED))
        .inOrder();
  }

  /** A mesh size and the overlays that update it, in order. */
  record OverlayCase(int n, List<ValueOverlay<Integer>> updates) {}

  /**
   * A size of 1 to 40 and 1 to 5 overlays, each a run of 1 to 5 ranks of a value 0 to 2 from a
   * random rank, then more such runs after gaps of 0 to 3 ranks to the end of the mesh.
   */
  private static OverlayCase overlayCase(SplittableRandom random) {
    int n = Generators.between(random, 1, 40);
    List<ValueOverlay<Integer>> updates = new ArrayList<>();
    int count = Generators.between(random, 1, 5);
    for (int u = 0; u < count; u++) {
      ValueOverlay<Integer> ov = ValueOverlay.empty();
      int pos = random.nextInt(n);
      while (pos < n) {
        int end = Math.min(n, pos + 1 + random.nextInt(5));
        ov = ov.pushRun(pos, end, random.nextInt(3));
        pos = end + random.nextInt(4);
      }
      updates.add(ov);
    }
    return new OverlayCase(n, updates);
  }

  /** Reducing overlays first and merging once agrees with merging them one by one. */
  @Test
  void reducedOverlaysMergeLikeOneByOne() {
    SeededCases.forAll(
        604,
        300,
        ValueMeshTest::overlayCase,
        c -> {
          ValueMesh<Integer> template = ValueMesh.fromSingle(region("n", c.n()), -1);
          ValueMesh<Integer> oneByOne = template;
          for (ValueOverlay<Integer> u : c.updates()) {
            oneByOne = oneByOne.mergeFromOverlay(u);
          }
          ValueOverlay<Integer> reduced = Reducers.<Integer>valueOverlay().reduceAll(c.updates());
          assertThat(template.mergeFromOverlay(reduced)).isEqualTo(oneByOne);
        });
  }
}
