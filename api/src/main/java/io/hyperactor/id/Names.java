package io.hyperactor.id;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/** Validation shared by the id records: names must survive the string syntax unambiguously. */
final class Names {
  private Names() {}

  static String checkName(String name, String what) {
    checkNotNull(name, "%s name", what);
    checkArgument(!name.isEmpty(), "%s name must not be empty", what);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      checkArgument(
          c != ',' && c != '[' && c != ']' && !Character.isWhitespace(c),
          "invalid %s name '%s': character '%s' at %s is not allowed (no ',', '[', ']' or spaces)",
          what,
          name,
          c,
          i);
    }
    return name;
  }

  /** Splits {@code text} ending in {@code [n]} into the prefix and n, or fails naming the input. */
  static long trailingIndex(String text, String what, String whole) {
    int open = text.lastIndexOf('[');
    if (!text.endsWith("]") || open < 0) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + whole + "': expected a trailing '[<number>]'");
    }
    String digits = text.substring(open + 1, text.length() - 1);
    try {
      long value = Long.parseLong(digits);
      if (value < 0) {
        throw new NumberFormatException("negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid " + what + " '" + whole + "': '" + digits + "' is not a non-negative number", e);
    }
  }
}
