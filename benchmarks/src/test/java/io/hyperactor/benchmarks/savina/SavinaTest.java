package io.hyperactor.benchmarks.savina;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.benchmarks.savina.Savina.Colour;
import io.hyperactor.benchmarks.savina.Savina.CreatureReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Savina computations and the checks that keep a broken run from becoming a row. */
class SavinaTest {

  @Test
  void complementOfTwoColoursIsTheThirdAndOfOneColourItself() {
    assertThat(Colour.RED.complement(Colour.YELLOW)).isEqualTo(Colour.BLUE);
    assertThat(Colour.YELLOW.complement(Colour.RED)).isEqualTo(Colour.BLUE);
    assertThat(Colour.RED.complement(Colour.BLUE)).isEqualTo(Colour.YELLOW);
    assertThat(Colour.BLUE.complement(Colour.YELLOW)).isEqualTo(Colour.RED);
    for (Colour c : Colour.values()) {
      assertThat(c.complement(c)).isEqualTo(c);
    }
  }

  @Test
  void trapezoidSlicesAddUpToTheReference() {
    int pieces = 1_000;
    double sum = 0;
    for (int w = 0; w < 7; w++) {
      sum += Savina.trapezoidArea(pieces, Savina.trapezoidFirstPiece(pieces, 7, w),
          Savina.trapezoidFirstPiece(pieces, 7, w + 1));
    }
    assertThat(Savina.trapezoidFirstPiece(pieces, 7, 7)).isEqualTo(pieces);
    assertThat(sum).isWithin(1e-9).of(Savina.trapezoidReference(pieces));
  }

  @Test
  void trapezoidReferenceConvergesAsPiecesGrow() {
    // The trapezoid rule's error falls with the square of the width: 10× the pieces, ~100× closer.
    double coarse = Savina.trapezoidReference(1_000);
    double fine = Savina.trapezoidReference(10_000);
    double finer = Savina.trapezoidReference(100_000);
    assertThat(Math.abs(finer - fine)).isLessThan(Math.abs(fine - coarse) / 50);
  }

  @Test
  void checkTrapezoidRejectsAMissingPieceAndAWrongArea() {
    Savina.checkTrapezoid(100, 100, 1.0, 1.0 + 1e-7);
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> Savina.checkTrapezoid(100, 99, 1.0, 1.0));
    assertThat(missing).hasMessageThat().contains("99 pieces computed, expected 100");
    IllegalStateException wrong =
        assertThrows(IllegalStateException.class, () -> Savina.checkTrapezoid(100, 100, 1.0, 1.00001));
    assertThat(wrong).hasMessageThat().contains("by more than 1e-6");
  }

  @Test
  void checkChameneosRejectsWrongTotalsAndColours() {
    // Two creatures (red, yellow) met once: both turned blue.
    List<CreatureReport> right = List.of(
        new CreatureReport(new long[] {1, 0, 0}, Colour.BLUE),
        new CreatureReport(new long[] {0, 1, 0}, Colour.BLUE));
    Savina.checkChameneos(2, 1, new long[] {1, 1, 0}, right);

    IllegalStateException total = assertThrows(IllegalStateException.class,
        () -> Savina.checkChameneos(2, 2, new long[] {1, 1, 0}, right));
    assertThat(total).hasMessageThat().contains("counted 2 meetings, expected 2 × 2");
    IllegalStateException byColour = assertThrows(IllegalStateException.class,
        () -> Savina.checkChameneos(2, 1, new long[] {2, 0, 0}, right));
    assertThat(byColour).hasMessageThat().contains("meetings by colour");
    List<CreatureReport> wrongColour = List.of(
        new CreatureReport(new long[] {1, 0, 0}, Colour.BLUE),
        new CreatureReport(new long[] {0, 1, 0}, Colour.RED));
    IllegalStateException colours = assertThrows(IllegalStateException.class,
        () -> Savina.checkChameneos(2, 1, new long[] {1, 1, 0}, wrongColour));
    assertThat(colours).hasMessageThat().contains("mod 3");
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> Savina.checkChameneos(3, 1, new long[] {1, 1, 0}, right));
    assertThat(missing).hasMessageThat().contains("2 of 3 creatures reported");
  }

  @Test
  void checkBigRejectsAShortActorAndAnUnansweredPing() {
    Savina.checkBig(2, 5, 2, 10, 10, 10);
    IllegalStateException shortActor =
        assertThrows(IllegalStateException.class, () -> Savina.checkBig(2, 5, 1, 10, 10, 10));
    assertThat(shortActor).hasMessageThat().contains("1 of 2 actors");
    IllegalStateException unanswered =
        assertThrows(IllegalStateException.class, () -> Savina.checkBig(2, 5, 2, 10, 10, 9));
    assertThat(unanswered).hasMessageThat().contains("9 pings answered");
  }

  @Test
  void trapezoidAreaRejectsPiecesOutsideTheInterval() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Savina.trapezoidArea(10, 5, 11));
    assertThat(e).hasMessageThat().isEqualTo("trapezoid pieces [5, 11) are not within [0, 10)");
  }
}
