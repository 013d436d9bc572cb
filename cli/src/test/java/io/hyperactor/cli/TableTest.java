package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The aligned text tables the admin commands print. */
class TableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndSeparatedByTwoSpaces() {
    Table table =
        new Table(Table.Column.text("ID"), Table.Column.text("STATUS"), Table.Column.text("NOTE"));
    table.row("local:1,p0", "running", "a");
    table.row("local:1,p0,worker[0]", "failed", "boom");
    assertThat(table.lines())
        .containsExactly(
            "ID                    STATUS   NOTE",
            "local:1,p0            running  a",
            "local:1,p0,worker[0]  failed   boom")
        .inOrder();
  }

  @Test
  void numberColumnsAreRightAligned() {
    Table table = new Table(Table.Column.text("ACTOR"), Table.Column.number("QUEUE"));
    table.row("a", "7");
    table.row("b", "1234567");
    assertThat(table.lines())
        .containsExactly("ACTOR    QUEUE", "a            7", "b      1234567")
        .inOrder();
  }

  @Test
  void noLineEndsInSpaces() {
    Table table =
        new Table(Table.Column.text("NAME"), Table.Column.text("ACTOR"), Table.Column.text("TOP"));
    table.row("main", "", "");
    table.row("a-much-longer-name", "x", "");
    for (String line : table.lines()) {
      assertThat(line).isEqualTo(line.stripTrailing());
    }
    assertThat(table.lines().get(1)).isEqualTo("main");
  }

  @Test
  void lineBreaksInACellBecomeSpaces() {
    Table table = new Table(Table.Column.text("KEY"), Table.Column.text("VALUE"));
    table.row("k", "two\nlines\tand a tab");
    assertThat(table.lines()).containsExactly("KEY  VALUE", "k    two lines and a tab").inOrder();
  }

  @Test
  void anEmptyTablePrintsItsHeader() {
    StringWriter text = new StringWriter();
    Table table = new Table(Table.Column.text("KEY"), Table.Column.text("VALUE"));
    table.print(new PrintWriter(text));
    assertThat(table.size()).isEqualTo(0);
    assertThat(text.toString()).isEqualTo("KEY  VALUE" + System.lineSeparator());
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    Table table = new Table(Table.Column.text("KEY"), Table.Column.text("VALUE"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> table.row("only-one"));
    assertThat(e).hasMessageThat().isEqualTo("a row of this table has 2 cells, one per column, not 1");
  }
}
