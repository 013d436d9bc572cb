package io.hyperactor.cli;

import io.hyperactor.config.HumanDuration;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads a duration option in the forms configuration keys take ({@code 500ms}, {@code 5s}, {@code
 * 1h 30m}); a bad one is a usage error naming the text.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d;
    try {
      d = HumanDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a positive duration such as 5s");
    }
    return d;
  }
}
