package io.hyperactor.resource;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.ValueOverlay.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upstream {@code hyperactor_mesh/src/resource.rs} tests of {@code RankedValues}. */
class RankedValuesTest {
  private enum Side {
    LEFT,
    RIGHT,
    BOTH
  }

  @Test
  void testRankedValuesMerge() {
    RankedValues<Side> left =
        RankedValues.fromRuns(
            List.of(
                new Run<>(0, 10, Side.LEFT),
                new Run<>(15, 20, Side.LEFT),
                new Run<>(30, 50, Side.BOTH),
                new Run<>(60, 70, Side.BOTH)));
    RankedValues<Side> right =
        RankedValues.fromRuns(
            List.of(
                new Run<>(9, 12, Side.RIGHT),
                new Run<>(25, 30, Side.RIGHT),
                new Run<>(30, 40, Side.BOTH),
                new Run<>(40, 50, Side.RIGHT),
                new Run<>(50, 60, Side.BOTH)));

    RankedValues<Side> merged = left.mergeFrom(right);
    assertThat(merged.runs())
        .containsExactly(
            new Run<>(0, 9, Side.LEFT),
            new Run<>(9, 12, Side.RIGHT),
            new Run<>(15, 20, Side.LEFT),
            new Run<>(25, 30, Side.RIGHT),
            new Run<>(30, 40, Side.BOTH),
            new Run<>(40, 50, Side.RIGHT),
            // consecutive runs merge
            new Run<>(50, 70, Side.BOTH))
        .inOrder();

    assertThat(merged.rank(5)).isEqualTo(5);
    assertThat(merged.rank(10)).isEqualTo(10);
    assertThat(merged.rank(16)).isEqualTo(13);
    assertThat(merged.rank(70)).isEqualTo(62);
    assertThat(merged.rank(100)).isEqualTo(62);
  }

  @Test
  void testEquality() {
    assertThat(RankedValues.of(0, 10, 123)).isEqualTo(RankedValues.of(0, 10, 123));
    assertThat(RankedValues.of(0, 10, new Status.Failed("foo")))
        .isEqualTo(RankedValues.of(0, 10, new Status.Failed("foo")));
    assertThat(RankedValues.of(0, 10, 123)).isNotEqualTo(RankedValues.of(0, 11, 123));
  }

  @Test
  void testDefaultThroughMerging() {
    RankedValues<Integer> values =
        RankedValues.fromRuns(
            List.of(new Run<>(0, 10, 1), new Run<>(15, 20, 1), new Run<>(30, 50, 1)));
    RankedValues<Integer> merged = RankedValues.of(0, 50, 0).mergeFrom(values);
    assertThat(merged.runs())
        .containsExactly(
            new Run<>(0, 10, 1),
            new Run<>(10, 15, 0),
            new Run<>(15, 20, 1),
            new Run<>(20, 30, 0),
            new Run<>(30, 50, 1))
        .inOrder();
  }

  @Test
  void materializedNeedsEveryRankBelowTheLimit() {
    RankedValues<Integer> values = RankedValues.of(0, 2, 7).mergeFrom(RankedValues.of(2, 9));
    assertThat(values.materialized(3)).containsExactly(7, 7, 9).inOrder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> values.materialized(4));
    assertThat(e).hasMessageThat().contains("only 3 of the ranks below 4 have a value");
  }

  @Test
  void invertListsTheRangesOfEachValue() {
    RankedValues<Status> statuses =
        RankedValues.of(0, 8, Status.RUNNING)
            .mergeFrom(RankedValues.of(2, 4, Status.STOPPED))
            .mergeFrom(RankedValues.of(6, Status.STOPPED));
    assertThat(statuses.invert().toString()).isEqualTo("Running=0..2,4..6,7..8;Stopped=2..4,6..7");
    assertThat(RankedValues.firstTerminating(statuses)).hasValue(Map.entry(2L, Status.STOPPED));
    assertThat(RankedValues.firstFailed(statuses)).isEmpty();
    RankedValues<Status> failed = statuses.mergeFrom(RankedValues.of(5, new Status.Failed("x")));
    assertThat(RankedValues.firstFailed(failed)).hasValue(Map.entry(5L, new Status.Failed("x")));
  }

  @Test
  void fromMeshWithDefaultSkipsSentinels() {
    ValueMesh<Status> mesh =
        ValueMesh.of(
            Extent.of("x", 4).region(),
            List.of(Status.NOT_EXIST, Status.RUNNING, Status.NOT_EXIST, Status.STOPPED));
    RankedValues<Status> values =
        RankedValues.fromMeshWithDefault(mesh, Status.UNKNOWN, s -> s.equals(Status.NOT_EXIST), 6);
    assertThat(values.materialized(6))
        .containsExactly(
            Status.UNKNOWN,
            Status.RUNNING,
            Status.UNKNOWN,
            Status.STOPPED,
            Status.UNKNOWN,
            Status.UNKNOWN)
        .inOrder();
  }
}
