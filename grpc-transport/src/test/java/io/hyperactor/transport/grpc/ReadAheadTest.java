package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class ReadAheadTest {

  @Test
  void firstRefillAsksForTheWholeReadAhead() {
    assertThat(new ReadAhead().refill()).isEqualTo(ReadAhead.FRAMES);
  }

  @Test
  void refillsOnlyOnceHalfHasArrived() {
    ReadAhead readAhead = new ReadAhead();
    readAhead.refill();
    for (int i = 0; i < ReadAhead.FRAMES / 2 - 1; i++) {
      readAhead.received();
      assertThat(readAhead.refill()).isEqualTo(0);
    }
    readAhead.received();
    assertThat(readAhead.refill()).isEqualTo(ReadAhead.FRAMES / 2);
  }

  @Test
  void refillNeverAsksForMoreThanTheReadAhead() {
    ReadAhead readAhead = new ReadAhead();
    readAhead.refill();
    for (int i = 0; i < 3 * ReadAhead.FRAMES; i++) {
      readAhead.received();
    }
    assertThat(readAhead.refill()).isEqualTo(ReadAhead.FRAMES);
  }
}
