package io.hyperactor.mesh.accum;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The upstream {@code hyperactor/src/accum.rs} tests, reducing through the registry by name. */
class AccumTest {
  private final ReducerRegistry registry = ReducerRegistry.builtins();

  @Test
  void testCommReducerNumeric() {
    List<Long> unsigned = List.of(1L, 3L, 1100L);
    List<Long> signed = List.of(-123L, 33L, 110L);

    assertThat(registry.reduceAll(Reducers.MAX_UNSIGNED, unsigned)).isEqualTo(1100L);
    assertThat(registry.reduceAll(Reducers.MIN_UNSIGNED, unsigned)).isEqualTo(1L);
    assertThat(registry.reduceAll(Reducers.SUM, unsigned)).isEqualTo(1104L);

    assertThat(registry.reduceAll(Reducers.MAX, signed)).isEqualTo(110L);
    assertThat(registry.reduceAll(Reducers.MIN, signed)).isEqualTo(-123L);
    assertThat(registry.reduceAll(Reducers.SUM, signed)).isEqualTo(20L);

    // Unsigned order differs from signed order above 2^63.
    assertThat(registry.reduceAll(Reducers.MAX_UNSIGNED, List.of(-1L, 5L))).isEqualTo(-1L);
    assertThat(registry.reduceAll(Reducers.MAX, List.of(-1L, 5L))).isEqualTo(5L);
  }

  @Test
  void testCommReducerWatermark() {
    long[][] unsignedUpdates = {
      {1, 1, 0},
      {0, 2, 1},
      {0, 1, 2},
      {3, 35, 3},
      {0, 9, 4},
      {1, 10, 5},
      {3, 32, 6},
      {3, 0, 7},
      {3, 321, 8},
    };
    long[][] signedUpdates = {
      {0, 2, 0},
      {1, 1, 1},
      {3, 35, 2},
      {0, 1, 3},
      {1, -10, 4},
      {3, 32, 5},
      {3, 0, 6},
      {3, -99, 7},
      {0, -9, 8},
    };
    verifyWatermark(watermarks(unsignedUpdates), Map.of(0L, 9L, 1L, 10L, 3L, 321L));
    verifyWatermark(watermarks(signedUpdates), Map.of(0L, -9L, 1L, -10L, 3L, -99L));
  }

  private static List<WatermarkUpdate<Long>> watermarks(long[][] rankValueTs) {
    List<WatermarkUpdate<Long>> out = new ArrayList<>();
    for (long[] u : rankValueTs) {
      out.add(WatermarkUpdate.of(u[0], u[1], u[2]));
    }
    return out;
  }

  private void verifyWatermark(List<WatermarkUpdate<Long>> updates, Map<Long, Long> expected) {
    @SuppressWarnings("unchecked")
    WatermarkUpdate<Long> result =
        (WatermarkUpdate<Long>) registry.reduceAll(Reducers.WATERMARK, updates);
    expected.forEach((rank, value) -> assertThat(result.getRank(rank)).hasValue(value));
    assertThat(result.numRanks()).isEqualTo(expected.size());
  }

  @Test
  void testAccumReducerNumeric() {
    assertThat(Accumulators.sum().reducerSpec()).hasValue(Reducers.SUM);
    assertThat(Accumulators.min().reducerSpec()).hasValue(Reducers.MIN);
    assertThat(Accumulators.minUnsigned().reducerSpec()).hasValue(Reducers.MIN_UNSIGNED);
    assertThat(Accumulators.max().reducerSpec()).hasValue(Reducers.MAX);
    assertThat(Accumulators.maxUnsigned().reducerSpec()).hasValue(Reducers.MAX_UNSIGNED);
    for (Accumulator<Long, Long> a :
        List.of(
            Accumulators.sum(),
            Accumulators.min(),
            Accumulators.minUnsigned(),
            Accumulators.max(),
            Accumulators.maxUnsigned())) {
      assertThat(registry.contains(a.reducerSpec().orElseThrow())).isTrue();
    }
  }

  @Test
  void testAccumReducerWatermark() {
    assertThat(Accumulators.<Long>watermark().reducerSpec()).hasValue(Reducers.WATERMARK);
    assertThat(registry.contains(Reducers.WATERMARK)).isTrue();
  }

  @Test
  void testWatermarkAccumulator() {
    Accumulator<WatermarkUpdate<Long>, WatermarkUpdate<Long>> accumulator =
        Accumulators.watermark();
    long[][] rankValueTsExpected = {
      // descending values
      {0, 1003, 0, 1003}, {1, 1002, 1, 1002}, {2, 1001, 2, 1001},
      // ascending values
      {0, 100, 3, 100}, {1, 101, 4, 100}, {2, 102, 5, 100},
      // same values
      {0, 100, 6, 100}, {1, 101, 7, 100}, {2, 102, 8, 100},
      // rotate which rank is largest and smallest
      {0, 1000, 9, 101}, {1, 1100, 10, 102}, {2, 1200, 11, 1000},
      // all increase, order kept
      {0, 1001, 12, 1001}, {1, 1101, 13, 1001}, {2, 1201, 14, 1001},
      // all decrease
      {2, 102, 15, 102}, {1, 101, 16, 101}, {0, 100, 17, 100},
    };
    WatermarkUpdate<Long> state = accumulator.initialState();
    for (long[] step : rankValueTsExpected) {
      state = accumulator.accumulate(state, WatermarkUpdate.of(step[0], step[1], step[2]));
      assertThat(state.get()).isEqualTo(step[3]);
    }
  }

  @Test
  void testCommReducerGcounter() {
    List<GCounter> updates =
        List.of(
            GCounter.of(0, 10),
            GCounter.of(1, 20),
            GCounter.of(0, 15),
            GCounter.of(2, 5),
            GCounter.of(1, 25));
    GCounter result = (GCounter) registry.reduceAll(Reducers.GCOUNTER, updates);
    assertThat(result.getRank(0)).isEqualTo(OptionalLong.of(15));
    assertThat(result.getRank(1)).isEqualTo(OptionalLong.of(25));
    assertThat(result.getRank(2)).isEqualTo(OptionalLong.of(5));
    assertThat(result.numRanks()).isEqualTo(3);
    assertThat(result.get()).isEqualTo(45);
  }

  @Test
  void testAccumReducerGcounter() {
    assertThat(Accumulators.gCounter().reducerSpec()).hasValue(Reducers.GCOUNTER);
    assertThat(registry.contains(Reducers.GCOUNTER)).isTrue();
  }

  @Test
  void testGcounterAccumulator() {
    Accumulator<GCounter, GCounter> accumulator = Accumulators.gCounter();
    long[][] rankCountExpected = {
      {0, 1000, 1000}, {1, 100, 1100}, {2, 10, 1110},
      {2, 20, 1120}, {1, 200, 1220}, {0, 2000, 2220},
      // same values: idempotent
      {0, 2000, 2220}, {1, 200, 2220}, {2, 20, 2220},
      // lower values: ignored
      {0, 1, 2220}, {1, 1, 2220}, {2, 1, 2220},
      {2, 5000, 7200}, {1, 6000, 13000}, {0, 10000, 21000},
      {0, 10001, 21001}, {1, 6001, 21002},
    };
    GCounter state = accumulator.initialState();
    for (long[] step : rankCountExpected) {
      state = accumulator.accumulate(state, GCounter.of(step[0], step[1]));
      assertThat(state.get()).isEqualTo(step[2]);
    }
    assertThat(state.getRank(0)).isEqualTo(OptionalLong.of(10001));
    assertThat(state.getRank(1)).isEqualTo(OptionalLong.of(6001));
    assertThat(state.getRank(2)).isEqualTo(OptionalLong.of(5000));
    assertThat(state.getRank(3)).isEqualTo(OptionalLong.empty());
    assertThat(state.numRanks()).isEqualTo(3);
  }

  @Test
  void testGcounterCommutativity() {
    List<GCounter> updates =
        List.of(
            GCounter.of(0, 10),
            GCounter.of(1, 20),
            GCounter.of(0, 15),
            GCounter.of(2, 5),
            GCounter.of(1, 25));
    Accumulator<GCounter, GCounter> accumulator = Accumulators.gCounter();
    GCounter forward = accumulator.initialState();
    for (GCounter u : updates) {
      forward = accumulator.accumulate(forward, u);
    }
    GCounter reverse = accumulator.initialState();
    for (GCounter u : updates.reversed()) {
      reverse = accumulator.accumulate(reverse, u);
    }
    assertThat(forward.get()).isEqualTo(reverse.get());
    assertThat(forward.get()).isEqualTo(45);
    assertThat(forward).isEqualTo(reverse);
  }

  @Test
  void testCommReducerPncounter() {
    List<PNCounter> updates =
        List.of(
            PNCounter.inc(0, 10),
            PNCounter.inc(1, 20),
            PNCounter.dec(0, 5),
            PNCounter.inc(0, 15),
            PNCounter.dec(1, 8),
            PNCounter.dec(0, 7));
    PNCounter result = (PNCounter) registry.reduceAll(Reducers.PNCOUNTER, updates);
    // rank 0: 15 - 7; rank 1: 20 - 8
    assertThat(result.get()).isEqualTo(20);
    assertThat(result.numIncRanks()).isEqualTo(2);
    assertThat(result.numDecRanks()).isEqualTo(2);
  }

  @Test
  void testAccumReducerPncounter() {
    assertThat(Accumulators.pnCounter().reducerSpec()).hasValue(Reducers.PNCOUNTER);
    assertThat(registry.contains(Reducers.PNCOUNTER)).isTrue();
  }

  @Test
  void testPncounterAccumulator() {
    Accumulator<PNCounter, PNCounter> accumulator = Accumulators.pnCounter();
    // {increment? 1 : 0, rank, total, expected}
    long[][] opsExpected = {
      {1, 0, 100, 100},
      {1, 1, 50, 150},
      {1, 2, 25, 175},
      {0, 0, 10, 165},
      {0, 1, 5, 160},
      {0, 2, 2, 158},
      {1, 0, 200, 258},
      {1, 1, 100, 308},
      {1, 2, 50, 333},
      {0, 0, 20, 323},
      {0, 1, 15, 313},
      {0, 2, 5, 310},
      // duplicates: idempotent
      {1, 0, 200, 310},
      {0, 1, 15, 310},
      // lower totals: ignored
      {1, 0, 1, 310},
      {0, 0, 1, 310},
      // decrements larger than increments
      {0, 2, 60, 255},
      {0, 1, 120, 150},
      {1, 2, 60, 160},
      {1, 0, 1000, 960},
      {0, 2, 100, 920},
    };
    PNCounter state = accumulator.initialState();
    for (long[] op : opsExpected) {
      PNCounter update = op[0] == 1 ? PNCounter.inc(op[1], op[2]) : PNCounter.dec(op[1], op[2]);
      state = accumulator.accumulate(state, update);
      assertThat(state.get()).isEqualTo(op[3]);
    }
    assertThat(state.numIncRanks()).isEqualTo(3);
    assertThat(state.numDecRanks()).isEqualTo(3);
  }

  @Test
  void testPncounterCommutativity() {
    List<PNCounter> updates =
        List.of(
            PNCounter.inc(0, 10),
            PNCounter.inc(1, 20),
            PNCounter.dec(0, 5),
            PNCounter.inc(0, 15),
            PNCounter.dec(1, 8),
            PNCounter.dec(2, 3),
            PNCounter.inc(2, 12));
    Accumulator<PNCounter, PNCounter> accumulator = Accumulators.pnCounter();
    PNCounter forward = accumulator.initialState();
    for (PNCounter u : updates) {
      forward = accumulator.accumulate(forward, u);
    }
    PNCounter reverse = accumulator.initialState();
    for (PNCounter u : updates.reversed()) {
      reverse = accumulator.accumulate(reverse, u);
    }
    assertThat(forward.get()).isEqualTo(31);
    assertThat(forward).isEqualTo(reverse);
  }

  @Test
  void reduceAllOfOneUpdateReturnsItAndOfNoneFails() {
    assertThat(Reducers.sum().reduceAll(List.of(7L))).isEqualTo(7L);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Reducers.sum().reduceAll(List.of()));
    assertThat(e).hasMessageThat().contains("empty list of updates");
  }

  @Test
  void registryRefusesUnknownNamesAndWrongTypes() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> registry.resolve(new ReducerSpec("myapp.nope")));
    assertThat(unknown).hasMessageThat().contains("unknown reducer 'myapp.nope'");

    IllegalArgumentException wrongType =
        assertThrows(
            IllegalArgumentException.class, () -> registry.resolve(Reducers.SUM).reduce(1L, "two"));
    assertThat(wrongType)
        .hasMessageThat()
        .isEqualTo(
            "reducer 'hyperactor.accum.sum_i64' reduces java.lang.Long updates; got"
                + " java.lang.String");

    IllegalArgumentException duplicate =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReducerRegistry.builder().addBuiltins().add(Reducers.SUM, Long.class, Long::sum));
    assertThat(duplicate).hasMessageThat().contains("already registered");
  }

  @Test
  void customReducersAreRegisteredByName() {
    ReducerSpec longest = new ReducerSpec("test.longest");
    ReducerRegistry custom =
        ReducerRegistry.builder()
            .add(longest, String.class, (l, r) -> l.length() >= r.length() ? l : r)
            .build();
    assertThat(custom.reduceAll(longest, List.of("a", "abc", "ab"))).isEqualTo("abc");
    assertThat(custom.resolve(longest, String.class).reduce("xy", "z")).isEqualTo("xy");
    assertThat(custom.contains(Reducers.SUM)).isFalse();
  }

  @Test
  void conflictingWatermarkReportsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WatermarkUpdate.of(0, 1L, 5).join(WatermarkUpdate.of(0, 2L, 5)));
    assertThat(e).hasMessageThat().contains("conflicting watermark reports at timestamp 5");
  }
}
