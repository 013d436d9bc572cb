package io.hyperactor.benchmarks;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A message completes with the group's last acknowledgement, messages complete in any order, and a
 * stray acknowledgement fails.
 */
class AckTallyTest {
  @Test
  void messageCompletesWithTheLastOfTheGroupsAcknowledgements() {
    AckTally tally = new AckTally(3, 2);
    tally.expect(0);
    tally.expect(1);
    assertThat(tally.ack(1)).isFalse();
    assertThat(tally.ack(0)).isFalse();
    assertThat(tally.ack(1)).isFalse();
    assertThat(tally.ack(1)).isTrue();
    assertThat(tally.inFlight()).isEqualTo(1);
    tally.expect(2);
    assertThat(tally.ack(0)).isFalse();
    assertThat(tally.ack(0)).isTrue();
    assertThat(tally.inFlight()).isEqualTo(1);
  }

  @Test
  void acknowledgementBeyondTheGroupFails() {
    AckTally tally = new AckTally(1, 4);
    tally.expect(5);
    assertThat(tally.ack(5)).isTrue();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tally.ack(5));
    assertThat(e).hasMessageThat().contains("message 5, which is not in flight");
  }

  @Test
  void strayAcknowledgementFails() {
    AckTally tally = new AckTally(2, 4);
    tally.expect(1);
    assertThrows(IllegalStateException.class, () -> tally.ack(2));
    assertThrows(IllegalStateException.class, () -> tally.ack(-1));
  }

  @Test
  void moreInFlightThanTheCapacityFails() {
    AckTally tally = new AckTally(2, 2);
    tally.expect(0);
    tally.expect(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tally.expect(2));
    assertThat(e).hasMessageThat().contains("would exceed 2 messages in flight");
    assertThrows(IllegalStateException.class, () -> tally.expect(1));
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AckTally(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new AckTally(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new AckTally(1, 1).expect(-1));
  }
}
