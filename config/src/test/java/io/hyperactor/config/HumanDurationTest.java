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
            "'30' is not a duration such as 500ms, 30s, 5m or 1h 30m: the number 30 has no unit"
                + " (for example 30s)");
  }

  @Test
  void unknownUnitIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("5 parsecs"));
    assertThat(e).hasMessageThat().contains("the number 5 has no unit");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("5parsecs"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("'5parsecs' is not a duration such as 500ms, 30s, 5m or 1h 30m: unknown unit"
            + " 'parsecs'");
  }

  @Test
  void textWithoutNumberIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("soon"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "'soon' is not a duration such as 500ms, 30s, 5m or 1h 30m: expected a number at"
                + " position 0");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("1.5s"));
    assertThat(e).hasMessageThat().contains("'1.5s' is not a duration");
    e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse("-5s"));
    assertThat(e).hasMessageThat().contains("'-5s' is not a duration");
  }

  @Test
  void emptyTextIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(" "));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("empty text is not a duration such as 500ms, 30s, 5m or 1h 30m");
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
