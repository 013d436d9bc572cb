package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;
import java.util.List;
import java.util.Locale;

/**
 * The last lines a proc's process wrote to its standard output and error, as its host kept them.
 *
 * <p>A host that forks its procs as child JVMs reads their output through pipes and keeps the last
 * {@code tail_log_lines} lines of each stream. The lines of the two streams are merged in the order
 * the host read them; that order is exact within a stream and close to the writing order across
 * the two. Lines longer than 4096 characters were cut by the host.
 *
 * <pre>{@code
 * ProcLogs logs = system.procLogs(system.client(), procId, 200).get();
 * logs.lines().forEach(l -> System.out.println(l.stream().label() + ": " + l.text()));
 * }</pre>
 *
 * @param procId the proc whose output this is
 * @param lines the lines, oldest first
 */
public record ProcLogs(ProcId procId, List<Line> lines) {
  public ProcLogs {
    checkNotNull(procId, "procId");
    lines = List.copyOf(checkNotNull(lines, "lines"));
  }

  /** The standard stream a line was written to. */
  public enum Stream {
    STDOUT,
    STDERR;

    /** The name in lower case, as the admin API writes it: {@code stdout} or {@code stderr}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One line of output.
   *
   * @param stream the stream it was written to
   * @param text the line without its line terminator
   */
  public record Line(Stream stream, String text) {
    public Line {
      checkNotNull(stream, "stream");
      checkNotNull(text, "text");
    }
  }
}
