package io.hyperactor.config;

import java.util.List;
import java.util.Locale;

/** Renders a configuration dump as an aligned text table. Stateless. */
final class ConfigDumpFormatter {

  private ConfigDumpFormatter() {}

  static String format(List<ConfigEntry> entries) {
    int keyWidth = "key".length();
    int valueWidth = "value".length();
    for (ConfigEntry entry : entries) {
      keyWidth = Math.max(keyWidth, entry.name().length());
      valueWidth = Math.max(valueWidth, display(entry.value()).length());
    }
    StringBuilder out = new StringBuilder();
    row(out, keyWidth, valueWidth, "key", "value", "layer");
    for (ConfigEntry entry : entries) {
      row(
          out,
          keyWidth,
          valueWidth,
          entry.name(),
          display(entry.value()),
          entry.layer().name().toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  // Empty strings and multi-line values (inline PEM) would break the table's alignment.
  private static String display(String value) {
    if (value.isEmpty()) {
      return "\"\"";
    }
    int newline = value.indexOf('\n');
    return newline < 0 ? value : value.substring(0, newline) + "...";
  }

  private static void row(
      StringBuilder out, int keyWidth, int valueWidth, String key, String value, String layer) {
    out.append(pad(key, keyWidth))
        .append("  ")
        .append(pad(value, valueWidth))
        .append("  ")
        .append(layer)
        .append('\n');
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
