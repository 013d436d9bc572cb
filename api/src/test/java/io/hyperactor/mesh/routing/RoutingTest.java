package io.hyperactor.mesh.routing;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.mesh.Selection.FALSE;
import static io.hyperactor.mesh.Selection.TRUE;
import static io.hyperactor.mesh.Selection.all;
import static io.hyperactor.mesh.Selection.any;
import static io.hyperactor.mesh.Selection.intersection;
import static io.hyperactor.mesh.Selection.range;
import static io.hyperactor.mesh.Selection.union;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.mesh.EvalOpts;
import io.hyperactor.mesh.Generators;
import io.hyperactor.mesh.GeometryException;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.SeededCases;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code ndslice/src/selection/routing.rs} tests. */
class RoutingTest {

  /** Zones 2, hosts 4, GPUs 8, row-major. */
  static Slice testSlice() {
    return Slice.of(0, List.of(2, 4, 8), List.of(32, 8, 1));
  }

  static List<Integer> evalSorted(Selection selection, Slice slice) {
    return selection.eval(EvalOpts.lenient(), slice).sorted().boxed().toList();
  }

  /**
   * Both simulations, frame by frame and comm actor by comm actor, deliver to exactly the ranks
   * {@link Selection#eval} selects, each once.
   */
  static void assertAllRoutingStrategiesEq(Slice slice, Selection selection) {
    List<Integer> expected = evalSorted(selection, slice);
    List<Integer> routed =
        RoutedPaths.collect(selection, slice, true).delivered.keySet().stream().sorted().toList();
    assertWithMessage("frame routing of %s", selection).that(routed).isEqualTo(expected);
    CommTreeSimulation sim = CommTreeSimulation.run(selection, slice);
    assertWithMessage("comm routing of %s", selection)
        .that(sim.deliveries.keySet().stream().sorted().toList())
        .isEqualTo(expected);
    assertThat(new HashSet<>(sim.deliveries.values())).isAnyOf(Set.of(), Set.of(1));
  }

  @Test
  void testRouting04() {
    Slice slice = testSlice();
    RoutingFrame root = RoutingFrame.root(range(1, range(2, range(2, TRUE))), slice);
    List<List<Integer>> path = root.traceRoute(1, 2, 2).orElseThrow();
    assertThat(path.get(path.size() - 1)).containsExactly(1, 2, 2).inOrder();
    // One hop per dimension: each hop fixes one more coordinate of the destination.
    assertThat(path)
        .containsExactly(List.of(0, 0, 0), List.of(1, 0, 0), List.of(1, 2, 0), List.of(1, 2, 2))
        .inOrder();

    RoutingFrame home = RoutingFrame.root(range(0, range(0, range(0, TRUE))), slice);
    List<List<Integer>> homePath = home.traceRoute(0, 0, 0).orElseThrow();
    assertThat(homePath.get(homePath.size() - 1)).containsExactly(0, 0, 0).inOrder();

    // An unselected destination has no route.
    assertThat(home.traceRoute(1, 1, 1)).isEmpty();
  }

  @Test
  void testRouting05() {
    // A 2 x 2 mesh, cast to (0, 1), (1, 0) and (1, 1).
    Slice square = Slice.of(0, List.of(2, 2), List.of(2, 1));
    Selection selection = union(range(0, range(1, TRUE)), range(1, all(TRUE)));
    assertThat(RoutedPaths.formatRoutingTree(selection, square))
        .isEqualTo(
            """
            (0, 0)
              (0, 0)
                (0, 1) \u2705
              (1, 0)
                (1, 0) \u2705
                (1, 1) \u2705
            """);

    // The odd GPUs of hosts 1, 2 and 3 in zone 0.
    Selection odd = range(0, range(Range.of(1, 4), range(Range.from(1, 2), TRUE)));
    StringBuilder expected = new StringBuilder("(0, 0, 0)\n  (0, 0, 0)\n");
    for (int host = 1; host <= 3; host++) {
      expected.append("    (0, ").append(host).append(", 0)\n");
      for (int gpu = 1; gpu < 8; gpu += 2) {
        expected.append("      (0, ").append(host).append(", ").append(gpu).append(") \u2705\n");
      }
    }
    assertThat(RoutedPaths.formatRoutingTree(odd, testSlice())).isEqualTo(expected.toString());
  }

  @Test
  void testRouting00() {
    Slice slice = testSlice();
    assertAllRoutingStrategiesEq(slice, FALSE);
    assertAllRoutingStrategiesEq(slice, TRUE);
    assertAllRoutingStrategiesEq(slice, all(TRUE));
    assertAllRoutingStrategiesEq(slice, all(all(TRUE)));
    assertAllRoutingStrategiesEq(slice, all(all(FALSE)));
    assertAllRoutingStrategiesEq(slice, all(all(all(TRUE))));
    assertAllRoutingStrategiesEq(slice, all(range(Range.closed(0, 0), all(TRUE))));
    assertAllRoutingStrategiesEq(slice, all(all(range(Range.of(0, 4)))));
    assertAllRoutingStrategiesEq(slice, all(range(Range.closed(1, 2), all(TRUE))));
    assertAllRoutingStrategiesEq(slice, all(all(range(Range.of(2, 6)))));
    assertAllRoutingStrategiesEq(slice, all(all(range(Range.closed(3, 3)))));
    assertAllRoutingStrategiesEq(slice, all(range(Range.of(1, 3), all(TRUE))));
    assertAllRoutingStrategiesEq(slice, all(all(range(Range.closed(0, 0)))));
    assertAllRoutingStrategiesEq(
        slice,
        range(Range.closed(1, 1), range(Range.closed(3, 3), range(Range.closed(0, 2), TRUE))));
    assertAllRoutingStrategiesEq(slice, all(all(range(Range.of(0, 8, 2)))));
    assertAllRoutingStrategiesEq(slice, all(range(Range.of(1, 4, 2), all(TRUE))));
  }

  @Test
  void testRouting03() {
    Slice slice = testSlice();
    for (String text :
        List.of(
            "0 & (0,(1|3),*)",
            "0 & (0,(3|1),*)",
            "(*,*,*) & (*,*,(2|4))",
            "(*,*,*) & (*,*,(4|2))",
            "(*,(1|2)) & (*,(2|1))",
            "(*,*,*) & *",
            "(*,*,0:4) & (*,*,0:4)",
            "(*,*,1) & (*,*,2)",
            "(*,*,2) & (*,*,1)",
            "(*,*,1) & ((*,*) & (*,*,1))",
            "0 & (0,*,(1|3))",
            "(*,1:3) & (*,2:4)",
            "0 & ((0,*) & (0,1,*))",
            "(0,1,*) & ((0,*) & 0)",
            "(*,*,*) & ((*,*,*) & (*,*,*))",
            "(0 & (0,1,*)) | (1,*,*)",
            "(1,*,*) | (0 & (0,3,*))",
            "(0|1) & (1|0)",
            "((0,1) & (0,1)) | ((1,3) & (1,3))",
            "*,8:8",
            "(*,1) & (*,8:8)",
            "(*,8:8) | (*,1)",
            "(*,1) | (*,2:8)",
            "(*,*,*) & (*,*,2:8)")) {
      assertAllRoutingStrategiesEq(slice, Selection.parse(text));
    }
    assertAllRoutingStrategiesEq(slice, intersection(TRUE, all(all(all(TRUE)))));
    assertAllRoutingStrategiesEq(slice, intersection(all(all(all(TRUE))), FALSE));
    assertAllRoutingStrategiesEq(slice, intersection(FALSE, all(all(all(TRUE)))));
    assertAllRoutingStrategiesEq(
        slice, range(0, intersection(TRUE, all(union(range(1, TRUE), range(3, TRUE))))));
  }

  @Test
  void testRouting02() {
    Slice slice = testSlice();
    assertAllRoutingStrategiesEq(slice, union(range(0, TRUE), range(1, TRUE)));
    assertAllRoutingStrategiesEq(slice, union(range(0, all(TRUE)), range(1, all(TRUE))));
    assertAllRoutingStrategiesEq(slice, range(0, union(range(1, all(TRUE)), range(3, all(TRUE)))));
    assertAllRoutingStrategiesEq(
        slice, range(0, union(range(Range.of(1, 3), all(TRUE)), range(Range.of(5, 7), all(TRUE)))));
    // union(true, true) routes the same frames twice; deduplication keeps delivery single.
    assertAllRoutingStrategiesEq(slice, union(TRUE, TRUE));
    assertAllRoutingStrategiesEq(slice, union(all(all(all(TRUE))), all(all(all(TRUE)))));
    assertAllRoutingStrategiesEq(slice, union(FALSE, all(all(all(TRUE)))));
    assertAllRoutingStrategiesEq(slice, union(all(all(all(TRUE))), FALSE));
    assertAllRoutingStrategiesEq(
        slice, range(0, range(Range.of(0, 4), union(range(0), union(range(1), range(2))))));
    assertAllRoutingStrategiesEq(
        slice, range(0, union(range(2, range(4, TRUE)), range(3, range(5, TRUE)))));
    assertAllRoutingStrategiesEq(slice, range(0, range(2, union(range(4), range(5)))));
    assertAllRoutingStrategiesEq(
        slice,
        union(
            range(0, union(range(2, range(4, TRUE)), range(3, range(5, TRUE)))),
            range(1, union(range(2, range(4, TRUE)), range(3, range(5, TRUE))))));
  }

  @Test
  void testRouting01() {
    Slice slice = testSlice();
    Selection sel = range(Range.closed(0, 0), all(TRUE));
    List<List<List<Integer>>> expectedFanouts = new ArrayList<>();
    expectedFanouts.add(List.of(List.of(0, 0, 0)));
    expectedFanouts.add(
        List.of(List.of(0, 0, 0), List.of(0, 1, 0), List.of(0, 2, 0), List.of(0, 3, 0)));
    for (int host = 0; host < 4; host++) {
      List<List<Integer>> gpus = new ArrayList<>();
      for (int gpu = 0; gpu < 8; gpu++) {
        gpus.add(List.of(0, host, gpu));
      }
      expectedFanouts.add(gpus);
    }
    Queue<RoutingFrame> pending = new ArrayDeque<>();
    pending.add(RoutingFrame.root(sel, slice));
    int step = 0;
    while (!pending.isEmpty()) {
      RoutingFrame frame = pending.remove();
      List<List<Integer>> nextCoords = new ArrayList<>();
      for (RoutingFrame next : frame.nextSteps()) {
        nextCoords.add(next.here());
        pending.add(next);
      }
      if (step < expectedFanouts.size()) {
        assertWithMessage("fan-out at step %s", step)
            .that(nextCoords)
            .isEqualTo(expectedFanouts.get(step));
      }
      // Steps 0-5 route, steps 6-37 deliver (the 32 GPUs of zone 0).
      assertWithMessage("delivery at step %s", step).that(frame.deliverHere()).isEqualTo(step >= 6);
      step++;
    }
    assertThat(step).isEqualTo(6 + 32);
  }

  @Test
  void testRouting06() {
    Slice slice = testSlice();
    Selection selection = union(all(TRUE), all(TRUE));
    Queue<RoutingFrame> pending = new ArrayDeque<>();
    pending.add(RoutingFrame.root(selection, slice));
    Set<RoutingFrameKey> seen = new HashSet<>();
    List<Integer> dedupDelivered = new ArrayList<>();
    List<Integer> nodupDelivered = new ArrayList<>();
    while (!pending.isEmpty()) {
      for (RoutingFrame next : pending.remove().nextSteps()) {
        if (next.deliverHere()) {
          nodupDelivered.add(next.location());
        }
        if (seen.add(RoutingFrameKey.of(next)) && next.deliverHere()) {
          dedupDelivered.add(next.location());
        }
        if (!next.deliverHere()) {
          pending.add(next);
        }
      }
    }
    assertThat(dedupDelivered).hasSize(64);
    assertThat(nodupDelivered).hasSize(128);
  }

  @Test
  void testRouting07() {
    RoutingFrame frame = RoutingFrame.root(any(all(all(TRUE))), testSlice());
    List<RoutingFrame> steps = frame.nextSteps();
    assertThat(steps).hasSize(1);
    RoutingFrame hop = steps.get(0);
    assertThat(hop.here()).hasSize(3);
    assertThat(hop.here().get(0)).isLessThan(2);
    assertThat(hop.selection()).isInstanceOf(Selection.All.class);

    // With a seeded generator the choice is reproducible.
    RoutingFrame a = frame.nextSteps(new SplittableRandom(7)).get(0);
    RoutingFrame b = frame.nextSteps(new SplittableRandom(7)).get(0);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void testRoutingDeduplicationPrecludesOverdelivery() {
    Slice slice = testSlice();
    Selection a = range(0, range(0, range(0, TRUE)));
    Selection sel = union(a, a);
    // With deduplication, the duplicated arms collapse into one delivery.
    RoutedPaths paths = RoutedPaths.collect(sel, slice, true);
    assertThat(paths.delivered.keySet()).containsExactly(0);
    // Without it, both arms deliver to rank 0.
    RoutedPaths.OverDelivery e =
        assertThrows(RoutedPaths.OverDelivery.class, () -> RoutedPaths.collect(sel, slice, false));
    assertThat(e).hasMessageThat().contains("over-delivery detected: node 0 delivered twice");
    // The comm tree deduplicates too.
    assertThat(CommTreeSimulation.run(sel, slice).deliveries).containsExactly(0, 1);
  }

  @Test
  void testNextStepsZeroDimSlice() {
    Slice slice = Slice.of(42, List.of(), List.of());
    for (Selection selection : List.of(TRUE, all(TRUE), FALSE, all(FALSE))) {
      List<RoutingFrame> steps = RoutingFrame.root(selection, slice).nextSteps();
      assertThat(steps).hasSize(1);
      RoutingFrame step = steps.get(0);
      assertThat(step.here()).containsExactly(0);
      assertThat(step.deliverHere()).isEqualTo(selection.isEquivalentToTrue());
      assertThat(step.location()).isEqualTo(42);
    }
  }

  @Test
  void theDefaultCastTreeFansOutAlongEachRemainingDimension() {
    // [2, 4]: rank 0 delivers and forwards to 1, 2, 3 (dim-2 frames) and to 4 (dim 1); rank 4
    // forwards to 5, 6, 7.
    CommTreeSimulation sim = CommTreeSimulation.run(all(), Slice.rowMajor(2, 4));
    assertThat(sim.deliveries.keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(peers(sim, 0)).containsExactly(1, 2, 3, 4);
    assertThat(peers(sim, 4)).containsExactly(5, 6, 7);
    for (RoutingFrame frame : sim.forwards.get(0)) {
      assertThat(frame.dim()).isEqualTo(frame.location() == 4 ? 1 : 2);
    }
    assertThat(sim.forwards.keySet()).containsExactly(0, 4);

    // [2, 2, 2]: 0 -> {4, 2, 1}, 4 -> {6, 5}, 2 -> {3}, 6 -> {7}.
    CommTreeSimulation cube = CommTreeSimulation.run(all(), Slice.rowMajor(2, 2, 2));
    assertThat(peers(cube, 0)).containsExactly(4, 2, 1);
    assertThat(peers(cube, 4)).containsExactly(6, 5);
    assertThat(peers(cube, 2)).containsExactly(3);
    assertThat(peers(cube, 6)).containsExactly(7);
    assertThat(cube.forwards.keySet()).containsExactly(0, 4, 2, 6);
  }

  @Test
  void theSlicedMeshExampleRoutesThroughItsFirstRank() {
    // Spec 3.10: {hosts: 2, gpus: 4} sliced to gpus 2..4 is 2+hosts=2/4,gpus=2/1. The root
    // frame stands at location 2; 2 forwards to 3 (dim 2) and 6 (dim 1); 6 forwards to 7.
    Slice region = Slice.of(2, List.of(2, 2), List.of(4, 1));
    RoutingFrame root = RoutingFrame.root(all(), region);
    assertThat(root.location()).isEqualTo(2);
    RoutingDecision atZero = RoutingDecision.resolve(0, List.of(root));
    assertThat(atZero.deliverHere()).isFalse();
    assertThat(atZero.forwards().keySet()).containsExactly(2);
    CommTreeSimulation sim = CommTreeSimulation.run(all(), region);
    assertThat(sim.deliveries.keySet()).containsExactly(2, 3, 6, 7);
    assertThat(peers(sim, 2)).containsExactly(3, 6);
    assertThat(peers(sim, 6)).containsExactly(7);
  }

  @Test
  void routingRejectsWhatItCannotDecideLocally() {
    Slice slice = testSlice();
    GeometryException first =
        assertThrows(
            GeometryException.class, () -> RoutingFrame.root(Selection.first(), slice).nextSteps());
    assertThat(first.kind()).isEqualTo(GeometryException.Kind.UNSUPPORTED_SELECTION);
    GeometryException deep =
        assertThrows(
            GeometryException.class, () -> RoutingFrame.root(all(all(all(all(TRUE)))), slice));
    assertThat(deep.kind()).isEqualTo(GeometryException.Kind.SELECTION_TOO_DEEP);
  }

  private static Set<Integer> peers(CommTreeSimulation sim, int rank) {
    Set<Integer> peers = new HashSet<>();
    for (RoutingFrame frame : sim.forwards.getOrDefault(rank, List.of())) {
      peers.add(frame.location());
    }
    return peers;
  }

  static Map<Integer, Integer> deliveries(Selection selection, Slice slice) {
    return CommTreeSimulation.run(selection, slice).deliveries;
  }

  // Properties: routing agrees with evaluation, and every destination has one path.

  /** A row-major space and a selection over it. */
  record Case(Slice slice, Selection selection) {}

  /** A row-major space and two selections over it. */
  record Pair(Slice slice, Selection s, Selection t) {}

  /** A row-major space of 1 to 4 dimensions of size 1 to 8. */
  private static Slice space(SplittableRandom random) {
    return Generators.slice(random, 4, 8);
  }

  private static Selection selection(SplittableRandom random, Slice slice) {
    return Generators.selection(random, slice.sizes(), 4);
  }

  private static Case randomCase(SplittableRandom random) {
    Slice slice = space(random);
    return new Case(slice, selection(random, slice));
  }

  private static Pair randomPair(SplittableRandom random) {
    Slice slice = space(random);
    Selection s = selection(random, slice);
    return new Pair(slice, s, selection(random, slice));
  }

  @Test
  void routingDeliversExactlyWhatEvalSelects() {
    SeededCases.forAll(
        701,
        300,
        RoutingTest::randomCase,
        c -> assertAllRoutingStrategiesEq(c.slice(), c.selection()));
  }

  @Test
  void traceRoutePathDeterminism() {
    SeededCases.forAll(
        702,
        100,
        RoutingTest::randomPair,
        p -> {
          Set<Integer> both = new HashSet<>(evalSorted(p.s(), p.slice()));
          both.retainAll(evalSorted(p.t(), p.slice()));
          for (int rank : both) {
            int[] coords =
                p.slice().coordinates(rank).stream().mapToInt(Integer::intValue).toArray();
            Optional<List<List<Integer>>> viaS =
                RoutingFrame.root(p.s(), p.slice()).traceRoute(coords);
            Optional<List<List<Integer>>> viaT =
                RoutingFrame.root(p.t(), p.slice()).traceRoute(coords);
            assertWithMessage("path to %s", rank).that(viaS).isEqualTo(viaT);
            assertThat(viaS).isPresent();
          }
        });
  }

  @Test
  void collectRoutedPathDeterminism() {
    SeededCases.forAll(
        703,
        128,
        RoutingTest::randomPair,
        p -> {
          RoutedPaths s = RoutedPaths.collect(p.s(), p.slice(), true);
          RoutedPaths t = RoutedPaths.collect(p.t(), p.slice(), true);
          for (int rank : s.delivered.keySet()) {
            if (t.delivered.containsKey(rank)) {
              assertWithMessage("path to %s", rank)
                  .that(s.delivered.get(rank))
                  .isEqualTo(t.delivered.get(rank));
            }
          }
        });
  }

  @Test
  void collectCommactorRoutedPathDeterminism() {
    SeededCases.forAll(
        704,
        128,
        RoutingTest::randomPair,
        p -> {
          CommTreeSimulation s = CommTreeSimulation.run(p.s(), p.slice());
          CommTreeSimulation t = CommTreeSimulation.run(p.t(), p.slice());
          for (int rank : s.deliveryPaths.keySet()) {
            if (t.deliveryPaths.containsKey(rank)) {
              assertWithMessage("path to %s", rank)
                  .that(s.deliveryPaths.get(rank))
                  .isEqualTo(t.deliveryPaths.get(rank));
            }
          }
        });
  }

  @Test
  void collectRoutedPathsUniquePredecessor() {
    SeededCases.forAll(
        705,
        256,
        RoutingTest::randomCase,
        c -> {
          RoutedPaths paths = RoutedPaths.collect(c.selection(), c.slice(), true);
          paths.predecessors.forEach(
              (node, preds) -> {
                Set<Integer> others = new HashSet<>(preds);
                others.remove(node);
                assertWithMessage("predecessors of %s", node).that(others.size()).isAtMost(1);
              });
        });
  }

  @Test
  void commactorRoutedPathsUniquePredecessor() {
    SeededCases.forAll(
        706,
        256,
        RoutingTest::randomCase,
        c -> {
          CommTreeSimulation sim = CommTreeSimulation.run(c.selection(), c.slice());
          sim.forwards.forEach(
              (from, frames) -> {
                for (RoutingFrame frame : frames) {
                  assertWithMessage("%s forwarded to itself", from)
                      .that(frame.location())
                      .isNotEqualTo(from);
                }
              });
          sim.senders.forEach(
              (node, senders) ->
                  assertWithMessage("senders to %s", node).that(senders.size()).isAtMost(1));
        });
  }

  // The casting requirement: a 16 x 16 x 4 mesh, reshaped with the default fan-out limit,
  // routed through the comm tree, delivers to each selected rank exactly once.

  private static final Slice MESH_16_16_4 = Slice.rowMajor(16, 16, 4);

  private static Selection selection16x16x4(SplittableRandom random) {
    return Generators.selection(random, MESH_16_16_4.sizes(), 4);
  }

  @Test
  void commTreeDeliversEachSelectedRank16x16x4ExactlyOnce() {
    SeededCases.forAll(
        707,
        1_000,
        RoutingTest::selection16x16x4,
        selection -> assertDeliveredExactlyOnce(selection, MESH_16_16_4, FanOutLimit.DEFAULT));
  }

  @Test
  void commTreeDeliversEachSelectedRankExactlyOnceAfterFactoring() {
    // Limit 4 factors the mesh into [4, 4, 4, 4, 4], so selections are reshaped for real.
    SeededCases.forAll(
        708,
        200,
        RoutingTest::selection16x16x4,
        selection -> assertDeliveredExactlyOnce(selection, MESH_16_16_4, FanOutLimit.of(4)));
  }

  static void assertDeliveredExactlyOnce(Selection selection, Slice mesh, FanOutLimit limit) {
    Slice reshaped = Reshape.reshapeWithLimit(mesh, limit);
    Selection routed = Reshape.reshapeSelection(selection, mesh, reshaped);
    CommTreeSimulation sim = CommTreeSimulation.run(routed, reshaped);
    List<Integer> expected = selection.eval(EvalOpts.strict(), mesh).boxed().toList();
    assertWithMessage("ranks delivered for %s", selection)
        .that(sim.deliveries.keySet().stream().sorted().toList())
        .isEqualTo(expected);
    sim.deliveries.forEach(
        (rank, count) ->
            assertWithMessage("deliveries to rank %s for %s", rank, selection)
                .that(count)
                .isEqualTo(1));
  }
}
