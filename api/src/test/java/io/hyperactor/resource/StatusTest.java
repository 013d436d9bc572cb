package io.hyperactor.resource;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {
  private static final ImmutableList<Status> ORDERED =
      ImmutableList.of(
          Status.NOT_EXIST,
          Status.INITIALIZING,
          Status.RUNNING,
          Status.STOPPING,
          Status.STOPPED,
          new Status.Failed("a"),
          new Status.Failed("b"),
          new Status.Timeout(Duration.ofSeconds(1)),
          new Status.Timeout(Duration.ofSeconds(5)),
          Status.UNKNOWN);

  @Test
  void orderIsVariantThenPayload() {
    List<Status> shuffled = new ArrayList<>(ORDERED);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).containsExactlyElementsIn(ORDERED).inOrder();
  }

  @Test
  void waitingForStoppedIsSatisfiedByFailureTimeoutAndUnknown() {
    assertThat(new Status.Failed("x").isAtLeast(Status.STOPPED)).isTrue();
    assertThat(new Status.Timeout(Duration.ofSeconds(1)).isAtLeast(Status.STOPPED)).isTrue();
    assertThat(Status.UNKNOWN.isAtLeast(Status.STOPPED)).isTrue();
    assertThat(Status.STOPPING.isAtLeast(Status.STOPPED)).isFalse();
    assertThat(Status.RUNNING.isAtLeast(Status.RUNNING)).isTrue();
  }

  @Test
  void predicates() {
    assertThat(ORDERED.stream().filter(Status::isTerminating).map(Status::ordinal).distinct())
        .containsExactly(3, 4, 5, 6);
    assertThat(ORDERED.stream().filter(Status::isTerminated).map(Status::ordinal).distinct())
        .containsExactly(4, 5, 6);
    assertThat(ORDERED.stream().filter(Status::isFailure).map(Status::ordinal).distinct())
        .containsExactly(5, 6);
    assertThat(ORDERED.stream().filter(Status::isHealthy).map(Status::ordinal).distinct())
        .containsExactly(1, 2);
  }

  @Test
  void clampMinRaisesOnlyNonTerminatingStatusesToATerminatingFloor() {
    assertThat(Status.RUNNING.clampMin(Status.STOPPED)).isEqualTo(Status.STOPPED);
    assertThat(new Status.Failed("x").clampMin(Status.STOPPED)).isEqualTo(new Status.Failed("x"));
    assertThat(Status.NOT_EXIST.clampMin(Status.RUNNING)).isEqualTo(Status.NOT_EXIST);
  }

  @Test
  void display() {
    assertThat(Status.RUNNING.toString()).isEqualTo("Running");
    assertThat(new Status.Failed("boom").toString()).isEqualTo("Failed(boom)");
    assertThat(new Status.Timeout(Duration.ofSeconds(5)).toString()).isEqualTo("Timeout(5s)");
    assertThat(new Status.Timeout(Duration.ofSeconds(90)).toString()).isEqualTo("Timeout(1m 30s)");
  }
}
