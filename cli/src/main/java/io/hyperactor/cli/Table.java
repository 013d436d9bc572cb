package io.hyperactor.cli;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of text printed with aligned columns: a header row of names, then one line per row, the
 * columns separated by two spaces and each as wide as its widest cell.
 *
 * <p>Text columns are left-aligned and number columns right-aligned. The last column is not padded,
 * so no line ends in spaces. Line breaks and tabs inside a cell become spaces, so that one row is
 * always one line. Not thread-safe.
 *
 * <pre>{@code
 * Table table = new Table(Table.Column.text("ID"), Table.Column.number("QUEUE"));
 * table.row("local:1,p0,counter[0]", "3");
 * table.print(out);
 * }</pre>
 */
final class Table {
  private static final String GAP = "  ";

  /** One column: its header and its alignment. */
  record Column(String name, boolean alignRight) {
    Column {
      checkNotNull(name, "name");
    }

    /** A left-aligned column. */
    static Column text(String name) {
      return new Column(name, false);
    }

    /** A right-aligned column, for numbers. */
    static Column number(String name) {
      return new Column(name, true);
    }
  }

  private final ImmutableList<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  Table(Column... columns) {
    checkArgument(columns.length > 0, "a table needs at least one column");
    this.columns = ImmutableList.copyOf(columns);
  }

  /** Adds a row of one cell per column. */
  Table row(String... cells) {
    checkArgument(
        cells.length == columns.size(),
        "a row of this table has %s cells, one per column, not %s",
        columns.size(),
        cells.length);
    List<String> row = new ArrayList<>(cells.length);
    for (String cell : cells) {
      row.add(oneLine(checkNotNull(cell, "cell")));
    }
    rows.add(row);
    return this;
  }

  /** The number of rows added, the header not counted. */
  int size() {
    return rows.size();
  }

  /** The table's lines: the header first, then the rows in the order they were added. */
  List<String> lines() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).name().length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    List<String> lines = new ArrayList<>(rows.size() + 1);
    lines.add(line(columns.stream().map(Column::name).toList(), widths));
    for (List<String> row : rows) {
      lines.add(line(row, widths));
    }
    return lines;
  }

  /** Prints {@link #lines()}, one per line. */
  void print(java.io.PrintWriter out) {
    lines().forEach(out::println);
    out.flush();
  }

  private String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    int last = cells.size() - 1;
    for (int c = 0; c <= last; c++) {
      if (c > 0) {
        line.append(GAP);
      }
      String cell = cells.get(c);
      if (columns.get(c).alignRight()) {
        line.append(Strings.padStart(cell, widths[c], ' '));
      } else if (c < last) {
        line.append(Strings.padEnd(cell, widths[c], ' '));
      } else {
        line.append(cell);
      }
    }
    // A last column that is right-aligned or empty leaves no trailing spaces either way.
    return line.toString().stripTrailing();
  }

  private static String oneLine(String cell) {
    return cell.replaceAll("[\\r\\n\\t]+", " ");
  }
}
