package io.hyperactor.config;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Thrown when configuration fails validation; lists every problem found, not just the first.
 *
 * <p>Each error names the key (or environment variable, or system property), the offending value
 * and what was expected, e.g. {@code hyperactor.cleanup_timeout (application.conf: 3): 'soon' is
 * not a duration such as 500ms, 30s, 5m, 1h 30m or 5 seconds}.
 */
public final class ConfigValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> errors;

  ConfigValidationException(List<String> errors) {
    super(format(errors));
    checkArgument(!errors.isEmpty(), "a validation failure needs at least one error");
    this.errors = ImmutableList.copyOf(errors);
  }

  /** The individual problems, in the order they were found: an immutable list. */
  public List<String> errors() {
    return errors;
  }

  private static String format(List<String> errors) {
    StringBuilder out =
        new StringBuilder("Invalid hyperactor configuration, see the following ")
            .append(errors.size() == 1 ? "error" : errors.size() + " errors")
            .append(':');
    for (int i = 0; i < errors.size(); i++) {
      out.append('\n').append(i + 1).append(") ").append(errors.get(i));
    }
    return out.toString();
  }
}
