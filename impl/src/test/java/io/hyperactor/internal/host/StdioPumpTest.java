package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.LogCapture;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StdioPumpTest {
  private static final ProcId PROC = new ProcId(new ChannelAddr.Local(7), "worker");

  @Test
  void keeps_a_bounded_tail_of_non_empty_lines_and_logs_every_line_with_the_rank_prefix()
      throws Exception {
    try (LogCapture capture = LogCapture.named(ChildOutputLog.LOGGER_NAME)) {
      StdioPump pump =
          StdioPump.start(
              "test-pump",
              new ByteArrayInputStream("a\n\nb\nc\nd\n".getBytes(StandardCharsets.UTF_8)),
              2,
              new ChildOutputLog(PROC, 3, ChildOutputLog.Stream.STDOUT, "[3] "));
      pump.done().get(30, TimeUnit.SECONDS);
      assertThat(pump.tail()).containsExactly("c", "d").inOrder();
      assertThat(capture.messages())
          .containsExactly("[3] a", "[3] ", "[3] b", "[3] c", "[3] d")
          .inOrder();
    }
  }

  @Test
  void logged_lines_carry_the_proc_rank_and_stream_and_stderr_is_a_warning() throws Exception {
    try (LogCapture capture = LogCapture.named(ChildOutputLog.LOGGER_NAME)) {
      StdioPump.start(
              "test-pump",
              new ByteArrayInputStream("boom\n".getBytes(StandardCharsets.UTF_8)),
              0,
              new ChildOutputLog(PROC, 5, ChildOutputLog.Stream.STDERR, ""))
          .done()
          .get(30, TimeUnit.SECONDS);
      ILoggingEvent event = capture.events().getFirst();
      assertThat(event.getFormattedMessage()).isEqualTo("boom");
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getMDCPropertyMap())
          .containsExactly(
              "hyperactor.proc", PROC.toString(),
              "hyperactor.rank", "5",
              "hyperactor.stream", "stderr");
    }
  }

  @Test
  void truncates_long_lines_and_keeps_nothing_at_capacity_zero() throws Exception {
    String longLine = "x".repeat(StdioPump.MAX_LINE_CHARS + 10);
    StdioPump keep =
        StdioPump.start(
            "test-pump",
            new ByteArrayInputStream((longLine + "\n").getBytes(StandardCharsets.UTF_8)),
            1,
            null);
    StdioPump none =
        StdioPump.start(
            "test-pump",
            new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
            0,
            null);
    keep.done().get(30, TimeUnit.SECONDS);
    none.done().get(30, TimeUnit.SECONDS);
    assertThat(keep.tail())
        .containsExactly("x".repeat(StdioPump.MAX_LINE_CHARS) + StdioPump.TRUNCATED_SUFFIX);
    assertThat(none.tail()).isEmpty();
  }

  @Test
  void the_first_pool_waiting_line_signals_and_is_neither_kept_nor_logged() throws Exception {
    String waiting = BootstrapProtocol.POOL_WAITING_LINE;
    AtomicInteger signals = new AtomicInteger();
    try (LogCapture capture = LogCapture.named(ChildOutputLog.LOGGER_NAME)) {
      StdioPump pump =
          StdioPump.start(
              "test-pump",
              new ByteArrayInputStream(
                  ("warming\n" + waiting + "\nassigned\n" + waiting + "\n")
                      .getBytes(StandardCharsets.UTF_8)),
              10,
              new ChildOutputLog(PROC, 0, ChildOutputLog.Stream.STDOUT, ""),
              signals::incrementAndGet);
      pump.done().get(30, TimeUnit.SECONDS);
      assertThat(signals.get()).isEqualTo(1);
      // A later equal line is the application's output.
      assertThat(pump.tail()).containsExactly("warming", "assigned", waiting).inOrder();
      assertThat(capture.messages()).containsExactly("warming", "assigned", waiting).inOrder();
    }
  }
}
