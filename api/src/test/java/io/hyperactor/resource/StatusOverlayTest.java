package io.hyperactor.resource;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.resource.StatusOverlay.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusOverlayTest {

  @Test
  void tryFromRunsSortsAndCoalesces() {
    StatusOverlay o =
        StatusOverlay.tryFromRuns(
            List.of(
                new Run(8, 10, Status.STOPPED),
                new Run(5, 8, Status.STOPPED),
                new Run(12, 14, Status.RUNNING)));
    assertThat(o.runs())
        .containsExactly(new Run(5, 10, Status.STOPPED), new Run(12, 14, Status.RUNNING))
        .inOrder();
  }

  @Test
  void overlapAndEmptyRangesAreRejected() {
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    StatusOverlay.tryFromRuns(
                        List.of(new Run(0, 5, Status.RUNNING), new Run(3, 6, Status.RUNNING)))))
        .hasMessageThat()
        .contains("overlapping runs [0, 5) Running and [3, 6) Running");
    assertThat(assertThrows(IllegalArgumentException.class, () -> new Run(3, 3, Status.RUNNING)))
        .hasMessageThat()
        .contains("empty or inverted run [3, 3)");
  }

  @Test
  void singleAndEmpty() {
    assertThat(StatusOverlay.single(2, Status.RUNNING).runs())
        .containsExactly(new Run(2, 3, Status.RUNNING));
    assertThat(StatusOverlay.empty().isEmpty()).isTrue();
  }
}
