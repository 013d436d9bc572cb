package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress bar {@code profile} draws on standard error. */
class ProgressBarTest {
  private final StringWriter text = new StringWriter();
  private final ProgressBar bar =
      new ProgressBar(new PrintWriter(text), "recording", Duration.ofSeconds(5));

  @Test
  void showsTheElapsedPartOfTheTotal() {
    assertThat(bar.render(Duration.ZERO))
        .isEqualTo("recording [..............................] 0.0s / 5.0s");
    assertThat(bar.render(Duration.ofMillis(2500)))
        .isEqualTo("recording [###############...............] 2.5s / 5.0s");
  }

  @Test
  void staysFullPastTheTotal() {
    assertThat(bar.render(Duration.ofMillis(6200)))
        .isEqualTo("recording [##############################] 6.2s / 5.0s");
  }

  @Test
  void redrawsInPlaceAndClearsItsLine() {
    bar.update(Duration.ofMillis(12_500));
    bar.update(Duration.ofSeconds(1));
    bar.finish();
    String drawn = bar.render(Duration.ofMillis(12_500));
    // Each update starts at the line's start; the shorter second one covers the first's tail.
    assertThat(text.toString())
        .isEqualTo(
            "\r"
                + drawn
                + "\r"
                + bar.render(Duration.ofSeconds(1))
                + " ".repeat(drawn.length() - bar.render(Duration.ofSeconds(1)).length())
                + "\r"
                + " ".repeat(bar.render(Duration.ofSeconds(1)).length())
                + "\r");
  }

  @Test
  void finishWithoutAnUpdateWritesNothing() {
    bar.finish();
    assertThat(text.toString()).isEmpty();
  }
}
