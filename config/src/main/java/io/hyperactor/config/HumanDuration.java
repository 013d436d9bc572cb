package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Parses and formats durations: the humantime forms upstream hyperactor accepts, and the duration
 * forms of HOCON (Typesafe Config).
 *
 * <p>A duration is one or more {@code <number><unit>} parts, optionally separated by spaces:
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h 30m}, {@code 1h30m} (humantime), or {@code 5
 * seconds}, {@code 500 millis}, {@code 1.5h} (HOCON). Spaces may separate a number from its unit,
 * and a number may have a decimal fraction as long as the part comes to whole nanoseconds. The lone
 * text {@code 0} means zero. A number without a unit is rejected: HOCON would read {@code 500} as
 * milliseconds and humantime refuses it, and a silent guess between the two is worse than an error.
 * Units are case-sensitive ({@code m} is minutes, {@code M} months):
 *
 * <ul>
 *   <li>{@code ns}, {@code nsec}, {@code nanos}, {@code nano}, {@code nanosecond(s)}
 *   <li>{@code us}, {@code µs}, {@code usec}, {@code micros}, {@code micro}, {@code microsecond(s)}
 *   <li>{@code ms}, {@code msec}, {@code millis}, {@code milli}, {@code millisecond(s)}
 *   <li>{@code s}, {@code sec}, {@code secs}, {@code second}, {@code seconds}
 *   <li>{@code m}, {@code min}, {@code mins}, {@code minute}, {@code minutes}
 *   <li>{@code h}, {@code hr}, {@code hrs}, {@code hour}, {@code hours}
 *   <li>{@code d}, {@code day}, {@code days}; {@code w}, {@code week}, {@code weeks}
 *   <li>{@code M}, {@code month}, {@code months} (30.44 days); {@code y}, {@code year}, {@code years}
 *       (365.25 days)
 * </ul>
 *
 * <p>{@link #format} writes the normalized humantime form, largest unit first and without zero
 * parts, so {@code 300s} reads back as {@code 5m} and {@code 90m} as {@code 1h 30m}. {@code
 * format(parse(s))} parses back to the same duration for every duration. Unlike humantime's
 * formatter, it never writes months or years: their lengths are averages, and days keep the text
 * exact.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class HumanDuration {

  /** What a duration looks like; the tail of every parse error. */
  public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds";

  private static final ImmutableMap<String, Duration> UNITS =
      ImmutableMap.<String, Duration>builder()
          .put("ns", Duration.ofNanos(1))
          .put("nsec", Duration.ofNanos(1))
          .put("nanos", Duration.ofNanos(1))
          .put("nano", Duration.ofNanos(1))
          .put("nanosecond", Duration.ofNanos(1))
          .put("nanoseconds", Duration.ofNanos(1))
          .put("us", Duration.ofNanos(1_000))
          .put("µs", Duration.ofNanos(1_000))
          .put("usec", Duration.ofNanos(1_000))
          .put("micros", Duration.ofNanos(1_000))
          .put("micro", Duration.ofNanos(1_000))
          .put("microsecond", Duration.ofNanos(1_000))
          .put("microseconds", Duration.ofNanos(1_000))
          .put("ms", Duration.ofMillis(1))
          .put("msec", Duration.ofMillis(1))
          .put("millis", Duration.ofMillis(1))
          .put("milli", Duration.ofMillis(1))
          .put("millisecond", Duration.ofMillis(1))
          .put("milliseconds", Duration.ofMillis(1))
          .put("s", Duration.ofSeconds(1))
          .put("sec", Duration.ofSeconds(1))
          .put("secs", Duration.ofSeconds(1))
          .put("second", Duration.ofSeconds(1))
          .put("seconds", Duration.ofSeconds(1))
          .put("m", Duration.ofMinutes(1))
          .put("min", Duration.ofMinutes(1))
          .put("mins", Duration.ofMinutes(1))
          .put("minute", Duration.ofMinutes(1))
          .put("minutes", Duration.ofMinutes(1))
          .put("h", Duration.ofHours(1))
          .put("hr", Duration.ofHours(1))
          .put("hrs", Duration.ofHours(1))
          .put("hour", Duration.ofHours(1))
          .put("hours", Duration.ofHours(1))
          .put("d", Duration.ofDays(1))
          .put("day", Duration.ofDays(1))
          .put("days", Duration.ofDays(1))
          .put("w", Duration.ofDays(7))
          .put("week", Duration.ofDays(7))
          .put("weeks", Duration.ofDays(7))
          // humantime's month and year are averages: 30.44 days and 365.25 days.
          .put("M", Duration.ofSeconds(2_630_016))
          .put("month", Duration.ofSeconds(2_630_016))
          .put("months", Duration.ofSeconds(2_630_016))
          .put("y", Duration.ofSeconds(31_557_600))
          .put("year", Duration.ofSeconds(31_557_600))
          .put("years", Duration.ofSeconds(31_557_600))
          .buildOrThrow();

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private HumanDuration() {}

  /**
   * Parses a duration in humantime or HOCON form.
   *
   * @throws IllegalArgumentException naming the text and the problem when it is not a duration
   */
  public static Duration parse(String text) {
    checkNotNull(text, "text");
    String s = text.strip();
    checkArgument(!s.isEmpty(), "empty text is not %s", EXPECTED);
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < s.length()) {
      i = skipSpaces(s, i);
      int numberStart = i;
      i = skipDigits(s, i);
      int wholeEnd = i;
      if (i < s.length() && s.charAt(i) == '.') {
        i = skipDigits(s, i + 1);
      }
      checkArgument(
          wholeEnd > numberStart && i != wholeEnd + 1,
          "'%s' is not %s: expected a number at position %s",
          text,
          EXPECTED,
          numberStart);
      String number = s.substring(numberStart, i);
      int unitStart = skipSpaces(s, i);
      i = unitStart;
      while (i < s.length() && !isAsciiDigit(s.charAt(i)) && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String unitText = s.substring(unitStart, i);
      checkArgument(
          !unitText.isEmpty(),
          "'%s' is not %s: the number %s has no unit (for example %ss)",
          text,
          EXPECTED,
          number,
          number);
      Duration unit = UNITS.get(unitText);
      checkArgument(
          unit != null, "'%s' is not %s: unknown unit '%s'", text, EXPECTED, unitText);
      try {
        total = total.plus(part(text, number, unit));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException(
            String.format("'%s' is not %s: the value is too large", text, EXPECTED), e);
      }
    }
    return total;
  }

  /** {@code number * unit}; a number with a fraction must come to whole nanoseconds. */
  private static Duration part(String text, String number, Duration unit) {
    if (number.indexOf('.') < 0) {
      return times(unit, Long.parseLong(number));
    }
    BigDecimal nanos =
        new BigDecimal(number)
            .multiply(BigDecimal.valueOf(unit.getSeconds()).scaleByPowerOfTen(9)
                .add(BigDecimal.valueOf(unit.getNano())));
    BigInteger whole;
    try {
      whole = nanos.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' is not %s: %s of that unit is not a whole number of nanoseconds",
              text, EXPECTED, number),
          e);
    }
    BigInteger[] secondsAndNanos = whole.divideAndRemainder(NANOS_PER_SECOND);
    return Duration.ofSeconds(
        secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * {@code unit * count}, exactly as {@link Duration#multipliedBy} but in long arithmetic when it
   * fits: {@code multipliedBy} goes through {@code BigDecimal}, and every child JVM parses dozens
   * of durations while its configuration loads, still in the interpreter.
   *
   * @throws ArithmeticException when the result does not fit a {@link Duration}
   */
  private static Duration times(Duration unit, long count) {
    if (unit.getNano() == 0) {
      return Duration.ofSeconds(Math.multiplyExact(unit.getSeconds(), count));
    }
    if (unit.getSeconds() == 0) {
      try {
        return Duration.ofNanos(Math.multiplyExact((long) unit.getNano(), count));
      } catch (ArithmeticException e) {
        // Above 292 years in nanoseconds; a Duration still holds it.
      }
    }
    return unit.multipliedBy(count);
  }

  /**
   * Formats a duration in the normalized humantime form: {@code 0s}, {@code 500ms}, {@code 5m},
   * {@code 1h 30m}, {@code 2days 3h}.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  public static String format(Duration duration) {
    checkNotNull(duration, "duration");
    checkArgument(!duration.isNegative(), "negative duration %s has no humantime form", duration);
    if (duration.isZero()) {
      return "0s";
    }
    long seconds = duration.getSeconds();
    long nanos = duration.getNano();
    StringBuilder out = new StringBuilder();
    long days = seconds / 86_400;
    append(out, days, days == 1 ? "day" : "days");
    append(out, (seconds % 86_400) / 3_600, "h");
    append(out, (seconds % 3_600) / 60, "m");
    append(out, seconds % 60, "s");
    append(out, nanos / 1_000_000, "ms");
    append(out, (nanos % 1_000_000) / 1_000, "us");
    append(out, nanos % 1_000, "ns");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount == 0) {
      return;
    }
    if (!out.isEmpty()) {
      out.append(' ');
    }
    out.append(amount).append(unit);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

}
