package io.hyperactor.internal.agent;

/** Encodes string lists as JSON arrays for introspection attributes, whose values are text. */
public final class JsonText {
  private JsonText() {}

  /** The JSON array of {@code values}, in order, each escaped as a JSON string. */
  public static String stringArray(Iterable<String> values) {
    StringBuilder out = new StringBuilder("[");
    boolean first = true;
    for (String v : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(out, v);
    }
    return out.append(']').toString();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
