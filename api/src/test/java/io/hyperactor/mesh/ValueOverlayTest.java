package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.RleTest.runs;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.ValueOverlay.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upstream {@code value_mesh/value_overlay.rs} tests. */
class ValueOverlayTest {

  @Test
  void pushRunAppendsAndCoalesces() {
    ValueOverlay<Integer> ov = ValueOverlay.<Integer>empty().pushRun(0, 3, 1);
    assertThat(ov.runs()).containsExactlyElementsIn(runs(0, 3, 1));

    ov = ov.pushRun(5, 7, 2);
    assertThat(ov.runs()).containsExactlyElementsIn(runs(0, 3, 1, 5, 7, 2)).inOrder();

    ov = ov.pushRun(7, 10, 2);
    assertThat(ov.runs()).containsExactlyElementsIn(runs(0, 3, 1, 5, 10, 2)).inOrder();
  }

  @Test
  void pushRunDetectsOverlap() {
    ValueOverlay<Integer> ov = ValueOverlay.<Integer>empty().pushRun(0, 3, 1);
    OverlayBuildException e = assertThrows(OverlayBuildException.class, () -> ov.pushRun(2, 4, 9));
    assertThat(e.kind()).isEqualTo(OverlayBuildException.Kind.OVERLAPPING_RANGES);
    assertThat(e).hasMessageThat().isEqualTo("overlapping or unsorted runs: prev=0..3, next=2..4");
    // The overlay a failed push was called on is unchanged (upstream empties it).
    assertThat(ov.runs()).containsExactlyElementsIn(runs(0, 3, 1));
  }

  @Test
  void pushRunHandlesUnsortedInserts() {
    ValueOverlay<Integer> ov =
        ValueOverlay.<Integer>empty().pushRun(10, 12, 3).pushRun(5, 8, 2).pushRun(8, 10, 2);
    assertThat(ov.runs()).containsExactlyElementsIn(runs(5, 10, 2, 10, 12, 3)).inOrder();
  }

  @Test
  void pushRunRejectsEmptyRange() {
    OverlayBuildException e =
        assertThrows(
            OverlayBuildException.class, () -> ValueOverlay.<Integer>empty().pushRun(4, 4, 1));
    assertThat(e.kind()).isEqualTo(OverlayBuildException.Kind.EMPTY_RANGE);
    assertThat(e).hasMessageThat().contains("4..4");
  }

  @Test
  void tryFromRunsBuildsAndCoalesces() {
    ValueOverlay<Integer> ov = ValueOverlay.tryFromRuns(runs(8, 10, 2, 5, 8, 2, 12, 14, 3));
    assertThat(ov.runs()).containsExactlyElementsIn(runs(5, 10, 2, 12, 14, 3)).inOrder();
  }

  @Test
  void tryFromRunsRejectsOverlapAndEmpty() {
    OverlayBuildException overlap =
        assertThrows(
            OverlayBuildException.class, () -> ValueOverlay.tryFromRuns(runs(0, 3, 1, 2, 5, 2)));
    assertThat(overlap.kind()).isEqualTo(OverlayBuildException.Kind.OVERLAPPING_RANGES);

    OverlayBuildException empty =
        assertThrows(OverlayBuildException.class, () -> ValueOverlay.tryFromRuns(runs(0, 0, 1)));
    assertThat(empty.kind()).isEqualTo(OverlayBuildException.Kind.EMPTY_RANGE);
  }

  @Test
  void isEmptyReflectsState() {
    ValueOverlay<Integer> ov = ValueOverlay.empty();
    assertThat(ov.isEmpty()).isTrue();
    assertThat(ov.pushRun(0, 1, 7).isEmpty()).isFalse();
  }

  @Test
  void normalizeSortsCoalescesAndDetectsOverlap() {
    assertThat(ValueOverlay.normalize(runs(5, 7, 2, 3, 5, 2, 7, 9, 2)))
        .containsExactlyElementsIn(runs(3, 9, 2));

    OverlayBuildException e =
        assertThrows(
            OverlayBuildException.class, () -> ValueOverlay.normalize(runs(3, 6, 1, 5, 8, 2)));
    assertThat(e.kind()).isEqualTo(OverlayBuildException.Kind.OVERLAPPING_RANGES);
  }

  @Test
  void constructorRejectsUnnormalizedRuns() {
    assertThrows(
        OverlayBuildException.class,
        () -> new ValueOverlay<>(ImmutableList.copyOf(runs(3, 6, 1, 5, 8, 2))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ValueOverlay<>(ImmutableList.copyOf(runs(0, 2, 1, 2, 4, 1))));
    assertThat(e).hasMessageThat().contains("must be coalesced");
  }

  @Test
  void mergeIsRightWins() {
    ValueOverlay<String> left =
        ValueOverlay.tryFromRuns(List.of(new Run<>(0, 4, "Running"), new Run<>(6, 8, "Stopped")));
    ValueOverlay<String> right = ValueOverlay.of(2, 6, "Init");
    assertThat(ValueOverlay.merge(left, right).runs())
        .containsExactly(
            new Run<>(0, 2, "Running"), new Run<>(2, 6, "Init"), new Run<>(6, 8, "Stopped"))
        .inOrder();
  }
}
