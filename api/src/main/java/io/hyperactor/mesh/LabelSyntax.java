package io.hyperactor.mesh;

import static io.hyperactor.mesh.GeometryException.Kind.INVALID_LABEL;
import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * How dimension labels are written in the display forms of {@link Extent}, {@link Point} and {@link
 * Region}: bare when they match {@code [A-Za-z0-9_]+}, otherwise as a double-quoted string with
 * Rust-style escapes (backslash before {@code " \ n r t 0}, and {@code u{hex}} for other control
 * characters).
 */
final class LabelSyntax {
  private LabelSyntax() {}

  static ImmutableList<String> checkLabels(List<String> labels) {
    ImmutableList<String> copy = ImmutableList.copyOf(labels);
    for (String label : copy) {
      if (label.isEmpty()) {
        throw GeometryException.of(INVALID_LABEL, "empty dimension label in %s", copy);
      }
    }
    return copy;
  }

  static boolean isSafe(String label) {
    if (label.isEmpty()) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String format(String label) {
    return isSafe(label) ? label : quote(label);
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0 -> out.append("\\0");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    out.append("\\u{").append(Integer.toHexString(cp)).append('}');
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** A quoted string read from text: its unescaped value and the index just past its quote. */
  record Quoted(String value, int next) {}

  /**
   * Reads the double-quoted string that starts at {@code text.charAt(start)}. Unknown escapes are
   * kept as the two characters, as upstream does.
   */
  static Quoted readQuoted(String text, int start) {
    if (start >= text.length() || text.charAt(start) != '"') {
      throw GeometryException.of(PARSE_ERROR, "expected '\"' at position %s in %s", start, text);
    }
    StringBuilder out = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i++);
      if (c == '"') {
        return new Quoted(out.toString(), i);
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= text.length()) {
        break;
      }
      char e = text.charAt(i++);
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case '0' -> out.append('\0');
        case 'u' -> {
          int close = text.indexOf('}', i);
          if (i < text.length() && text.charAt(i) == '{' && close > i + 1) {
            try {
              out.appendCodePoint(Integer.parseInt(text.substring(i + 1, close), 16));
              i = close + 1;
            } catch (IllegalArgumentException bad) {
              throw GeometryException.of(
                  PARSE_ERROR, "invalid unicode escape at position %s in %s", i - 2, text);
            }
          } else {
            out.append("\\u");
          }
        }
        default -> out.append('\\').append(e);
      }
    }
    throw GeometryException.of(
        PARSE_ERROR, "unterminated quoted label starting at position %s in %s", start, text);
  }
}
