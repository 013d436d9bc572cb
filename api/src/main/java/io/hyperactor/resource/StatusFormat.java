package io.hyperactor.resource;

import java.time.Duration;

/**
 * Renders durations in the humantime style used by status displays ({@code 5s}, {@code 1m 30s}).
 */
final class StatusFormat {
  private StatusFormat() {}

  static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long days = d.toDays();
    append(out, days, "d");
    append(out, d.toHoursPart(), "h");
    append(out, d.toMinutesPart(), "m");
    append(out, d.toSecondsPart(), "s");
    append(out, d.toMillisPart(), "ms");
    append(out, d.toNanosPart() % 1_000_000, "ns");
    return out.toString();
  }

  private static void append(StringBuilder out, long value, String unit) {
    if (value == 0) {
      return;
    }
    if (!out.isEmpty()) {
      out.append(' ');
    }
    out.append(value).append(unit);
  }
}
