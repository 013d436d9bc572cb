package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Validation of resource labels: 1 to 63 characters from {@code [a-z0-9_-]}, starting with a letter
 * and ending with a letter or digit.
 */
final class Labels {
  static final int MAX_LENGTH = 63;

  private Labels() {}

  /** The problem with {@code label}, or null when it is valid. */
  static @Nullable String problem(String label) {
    if (label.isEmpty()) {
      return "it is empty";
    }
    if (label.length() > MAX_LENGTH) {
      return "it is longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!isLabelChar(c)) {
        return "character '" + c + "' at " + i + " is not one of [a-z0-9_-]";
      }
    }
    if (!isLetter(label.charAt(0))) {
      return "it must start with a letter";
    }
    if (!isAlnum(label.charAt(label.length() - 1))) {
      return "it must end with a letter or digit";
    }
    return null;
  }

  /** True when {@code label} is a valid label. */
  static boolean isValid(String label) {
    return problem(label) == null;
  }

  /**
   * Returns {@code label} when valid.
   *
   * @throws IllegalArgumentException naming the label and the problem
   */
  static String check(String label) {
    checkNotNull(label, "label");
    String problem = problem(label);
    if (problem != null) {
      throw new IllegalArgumentException("invalid label '" + label + "': " + problem);
    }
    return label;
  }

  /**
   * The closest valid label to {@code text}: lowercased, invalid characters dropped, trimmed to
   * start with a letter and end with a letter or digit, at most 63 characters; {@code "nil"} when
   * nothing remains.
   */
  static String strip(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (isLabelChar(c)) {
        b.append(c);
      }
    }
    String s = trim(b.toString());
    if (s.length() > MAX_LENGTH) {
      s = trim(s.substring(0, MAX_LENGTH));
    }
    return s.isEmpty() ? "nil" : s;
  }

  private static String trim(String s) {
    int start = 0;
    while (start < s.length() && !isLetter(s.charAt(start))) {
      start++;
    }
    int end = s.length();
    while (end > start && !isAlnum(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlnum(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLabelChar(char c) {
    return isAlnum(c) || c == '_' || c == '-';
  }
}
