package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

  @Test
  void parsesTheUpstreamForms() {
    assertThat(HumanDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(HumanDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(HumanDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(HumanDuration.parse("1h 30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanDuration.parse("2days 1hour")).isEqualTo(Duration.ofHours(49));
    assertThat(HumanDuration.parse("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(HumanDuration.parse("10sec")).isEqualTo(Duration.ofSeconds(10));
    assertThat(HumanDuration.parse("3min")).isEqualTo(Duration.ofMinutes(3));
    assertThat(HumanDuration.parse("7us 8ns")).isEqualTo(Duration.ofNanos(7_008));
    assertThat(HumanDuration.parse("  5s  ")).isEqualTo(Duration.ofSeconds(5));
    assertThat(HumanDuration.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void parsesTheHoconForms() {
    assertThat(HumanDuration.parse("5 seconds")).isEqualTo(Duration.ofSeconds(5));
    assertThat(HumanDuration.parse("5 second")).isEqualTo(Duration.ofSeconds(5));
    assertThat(HumanDuration.parse("500 ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(HumanDuration.parse("500 millis")).isEqualTo(Duration.ofMillis(500));
    assertThat(HumanDuration.parse("2 milliseconds")).isEqualTo(Duration.ofMillis(2));
    assertThat(HumanDuration.parse("3 micro")).isEqualTo(Duration.ofNanos(3_000));
    assertThat(HumanDuration.parse("4 microseconds")).isEqualTo(Duration.ofNanos(4_000));
    assertThat(HumanDuration.parse("6 nano")).isEqualTo(Duration.ofNanos(6));
    assertThat(HumanDuration.parse("7 nanoseconds")).isEqualTo(Duration.ofNanos(7));
    assertThat(HumanDuration.parse("10 minutes")).isEqualTo(Duration.ofMinutes(10));
    assertThat(HumanDuration.parse("2 hours")).isEqualTo(Duration.ofHours(2));
    assertThat(HumanDuration.parse("1 day")).isEqualTo(Duration.ofDays(1));
    assertThat(HumanDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanDuration.parse("0.5 seconds")).isEqualTo(Duration.ofMillis(500));
    assertThat(HumanDuration.parse("2.25 ms")).isEqualTo(Duration.ofNanos(2_250_000));
    assertThat(HumanDuration.parse("1h 30 m")).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void fractionsMustComeToWholeNanoseconds() {
    assertThat(HumanDuration.parse("2.0ns")).isEqualTo(Duration.ofNanos(2));
    assertThat(HumanDuration.parse("1.5us")).isEqualTo(Duration.ofNanos(1_500));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("1.5ns"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "'1.5ns' is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds: 1.5 of that"
                + " unit is not a whole number of nanoseconds");
  }

  @Test
  void unitsAreCaseSensitiveLikeHumantime() {
    assertThat(HumanDuration.parse("1M")).isEqualTo(Duration.ofSeconds(2_630_016));
    assertThat(HumanDuration.parse("1m")).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest(name = "{0} reads back as {1}")
  @CsvSource({
    "300s, 5m",
    "90m, 1h 30m",
    "1h 30m, 1h 30m",
    "1500ms, 1s 500ms",
    "60s, 1m",
    "3600s, 1h",
    "86400s, 1day",
    "49h, 2days 1h",
    "0s, 0s",
    "0, 0s",
    "1000000ns, 1ms",
    "1001us, 1ms 1us",
  })
  void formatsNormalized(String input, String normalized) {
    assertThat(HumanDuration.format(HumanDuration.parse(input))).isEqualTo(normalized);
  }

  @Test
  void formatParsesBackExactly() {
    for (Duration d :
        new Duration[] {
          Duration.ZERO,
          Duration.ofNanos(1),
          Duration.ofMillis(50),
          Duration.ofSeconds(3_600 * 24 * 400 + 7, 123_456_789),
        }) {
      assertThat(HumanDuration.parse(HumanDuration.format(d))).isEqualTo(d);
    }
  }

  @Test
  void numberWithoutUnitIsRejectedWithAHint() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("30"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "'30' is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds: the number 30"
                + " has no unit (for example 30s)");
  }

  @Test
  void unknownUnitIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("5 parsecs"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "'5 parsecs' is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds: unknown"
                + " unit 'parsecs'");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("5parsecs"));
    assertThat(e).hasMessageThat().endsWith("unknown unit 'parsecs'");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("5 Seconds"));
    assertThat(e).hasMessageThat().endsWith("unknown unit 'Seconds'");
  }

  @Test
  void textWithoutNumberIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("soon"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "'soon' is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds: expected a"
                + " number at position 0");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("1.s"));
    assertThat(e).hasMessageThat().endsWith("expected a number at position 0");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(".5s"));
    assertThat(e).hasMessageThat().endsWith("expected a number at position 0");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("-5s"));
    assertThat(e).hasMessageThat().contains("'-5s' is not a duration");
  }

  @Test
  void emptyTextIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(" "));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("empty text is not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds");
  }

  @Test
  void largeCountsOfEveryUnitKindParseExactly() {
    assertThat(HumanDuration.parse("123456789us")).isEqualTo(Duration.ofNanos(123_456_789_000L));
    // More nanoseconds than a long holds, but still a Duration.
    assertThat(HumanDuration.parse("9300000000000ms"))
        .isEqualTo(Duration.ofMillis(9_300_000_000_000L));
    assertThat(HumanDuration.parse("3000000y"))
        .isEqualTo(Duration.ofSeconds(31_557_600L * 3_000_000));
    assertThat(HumanDuration.parse("1y 2ms 3ns"))
        .isEqualTo(Duration.ofSeconds(31_557_600).plusMillis(2).plusNanos(3));
  }

  @Test
  void overflowIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HumanDuration.parse("99999999999999999999y"));
    assertThat(e).hasMessageThat().contains("the value is too large");
  }

  @Test
  void negativeDurationHasNoForm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HumanDuration.format(Duration.ofSeconds(-1)));
    assertThat(e).hasMessageThat().isEqualTo("negative duration PT-1S has no humantime form");
  }
}
