package io.hyperactor.mesh;

import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;

/** A cursor over the display form of a geometry value, with errors that name the input. */
final class TextScanner {
  private final String text;
  private final String what;
  private int pos;

  TextScanner(String text, String what) {
    this.text = text;
    this.what = what;
  }

  boolean atEnd() {
    return pos >= text.length();
  }

  char peek() {
    return text.charAt(pos);
  }

  boolean peekIs(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  int position() {
    return pos;
  }

  void reset(int position) {
    pos = position;
  }

  void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  boolean tryConsume(char c) {
    if (peekIs(c)) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c, String context) {
    if (!tryConsume(c)) {
      throw error(
          "expected '%s' %s at position %s, found %s",
          c, context, pos, atEnd() ? "end of input" : "'" + peek() + "'");
    }
  }

  /** The raw characters up to (not including) the first of {@code stops}, or to the end. */
  String readUntil(String stops) {
    int start = pos;
    while (pos < text.length() && stops.indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    return text.substring(start, pos);
  }

  /**
   * A label: a double-quoted string, or the trimmed characters up to the first of {@code stops}.
   */
  String readLabel(String stops) {
    skipSpaces();
    String label;
    if (peekIs('"')) {
      LabelSyntax.Quoted quoted = LabelSyntax.readQuoted(text, pos);
      pos = quoted.next();
      label = quoted.value();
      if (label.isEmpty()) {
        throw error("empty quoted label at position %s", pos - 2);
      }
    } else {
      label = readUntil(stops).trim();
      if (label.isEmpty()) {
        throw error("missing label at position %s", pos);
      }
    }
    return label;
  }

  /** {@code token} as a non-negative int, or an error describing it as {@code description}. */
  int number(String token, String description) {
    String digits = token.trim();
    boolean ok = !digits.isEmpty() && digits.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    if (ok) {
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException tooLarge) {
        // falls through to the error below
      }
    }
    throw error("invalid %s: '%s'", description, token);
  }

  GeometryException error(String template, Object... args) {
    return new GeometryException(
        PARSE_ERROR,
        "failed to parse " + what + " \"" + text + "\": " + String.format(template, args));
  }
}
