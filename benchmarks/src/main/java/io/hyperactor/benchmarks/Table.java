package io.hyperactor.benchmarks;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Renders benchmark rows as an aligned text table. */
final class Table {
  private Table() {}

  static String render(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    String format = "%-46s %-10s %14s %14s %8s %14s%n";
    out.append(String.format(Locale.ROOT, format, "scenario", "unit", "hyperactor", "pekko", "ratio", "ceiling"));
    out.append("-".repeat(111)).append('\n');
    for (Row row : rows) {
      Double ratio = row.ratio();
      String ratioText = ratio == null ? "-" : String.format(Locale.ROOT, "%.2f%s", ratio, verdict(row, ratio));
      out.append(String.format(Locale.ROOT, format,
          row.scenario(), row.unit(), number(row.ours()), number(row.pekko()), ratioText, number(row.ceiling())));
    }
    out.append("ratio = hyperactor / pekko; rates: higher is better (+ ahead), latencies: lower is better.\n");
    if (rows.stream().anyMatch(Row::speedup)) {
      out.append("Savina rows (S): time per run, ratio = pekko / hyperactor, above 1 = we are faster.\n");
    }
    return out.toString();
  }

  private static String verdict(Row row, double ratio) {
    return row.ahead(ratio) ? "+" : "-";
  }

  private static String number(@Nullable Double value) {
    if (value == null) {
      return "-";
    }
    double v = value;
    if (Math.abs(v) >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (Math.abs(v) >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
