package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdioPumpTest {
  @Test
  void keeps_a_bounded_tail_of_non_empty_lines_and_forwards_with_the_rank_prefix()
      throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream forward = new PrintStream(console, true, StandardCharsets.UTF_8);
    StdioPump pump =
        StdioPump.start(
            "test-pump",
            new ByteArrayInputStream("a\n\nb\nc\nd\n".getBytes(StandardCharsets.UTF_8)),
            2,
            forward,
            "[3] ");
    pump.done().get(30, TimeUnit.SECONDS);
    assertThat(pump.tail()).containsExactly("c", "d").inOrder();
    assertThat(console.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("[3] a", "[3] ", "[3] b", "[3] c", "[3] d")
        .inOrder();
  }

  @Test
  void truncates_long_lines_and_keeps_nothing_at_capacity_zero() throws Exception {
    String longLine = "x".repeat(StdioPump.MAX_LINE_CHARS + 10);
    StdioPump keep =
        StdioPump.start(
            "test-pump",
            new ByteArrayInputStream((longLine + "\n").getBytes(StandardCharsets.UTF_8)),
            1,
            null,
            "");
    StdioPump none =
        StdioPump.start(
            "test-pump",
            new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
            0,
            null,
            "");
    keep.done().get(30, TimeUnit.SECONDS);
    none.done().get(30, TimeUnit.SECONDS);
    assertThat(keep.tail())
        .containsExactly("x".repeat(StdioPump.MAX_LINE_CHARS) + StdioPump.TRUNCATED_SUFFIX);
    assertThat(none.tail()).isEmpty();
  }
}
