package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** Ports of the label-quoting tests of upstream {@code ndslice/src/view.rs}. */
class LabelSyntaxTest {

  @Test
  void testIsSafeIdent() {
    assertThat(LabelSyntax.isSafe("x")).isTrue();
    assertThat(LabelSyntax.isSafe("gpu_0")).isTrue();
    assertThat(LabelSyntax.isSafe("dim/0")).isFalse();
    assertThat(LabelSyntax.isSafe("x y")).isFalse();
    assertThat(LabelSyntax.isSafe("x=y")).isFalse();
  }

  @Test
  void testFmtLabel() {
    assertThat(LabelSyntax.format("x")).isEqualTo("x");
    assertThat(LabelSyntax.format("dim/0")).isEqualTo("\"dim/0\"");
  }

  @Test
  void quotingEscapesAndReadsBack() {
    String label = "a\"b\\c\nd\te\u0001f é";
    String quoted = LabelSyntax.format(label);
    assertThat(quoted).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u{1}f é\"");
    LabelSyntax.Quoted read = LabelSyntax.readQuoted(quoted + "=rest", 0);
    assertThat(read.value()).isEqualTo(label);
    assertThat(read.next()).isEqualTo(quoted.length());
    // An unknown escape is kept as the two characters, as upstream does.
    assertThat(LabelSyntax.readQuoted("\"a\\qb\"", 0).value()).isEqualTo("a\\qb");
  }
}
