package io.hyperactor.internal.host;

import io.hyperactor.id.ProcId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where a child process's output lines go in the host's JVM: the SLF4J logger {@value
 * #LOGGER_NAME}, with the proc's id and rank in the MDC, so that an application's logging set-up
 * decides their format and destination as for its own lines.
 *
 * <p>Standard output is logged at INFO and standard error at WARN. MDC keys: {@code
 * hyperactor.proc} (the proc id, which holds its name), {@code hyperactor.rank} and {@code
 * hyperactor.stream} ({@code stdout} or {@code stderr}); the first two are the keys a handler's
 * own lines carry. The pump thread of each stream is the only one that logs through an instance,
 * so the MDC is set once on that thread.
 */
final class ChildOutputLog {
  static final String LOGGER_NAME = "io.hyperactor.child";
  static final String PROC_KEY = "hyperactor.proc";
  static final String RANK_KEY = "hyperactor.rank";
  static final String STREAM_KEY = "hyperactor.stream";

  /** Which of the child's streams a line came from. */
  enum Stream {
    STDOUT,
    STDERR
  }

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  private final ProcId procId;
  private final long rank;
  private final Stream stream;
  private final String prefix;

  /**
   * @param prefix prepended to each line ({@code "[rank] "} with {@code prefix_with_rank}, else
   *     empty)
   */
  ChildOutputLog(ProcId procId, long rank, Stream stream, String prefix) {
    this.procId = procId;
    this.rank = rank;
    this.stream = stream;
    this.prefix = prefix;
  }

  /** Sets the MDC of the calling thread, which must be the stream's own pump thread. */
  void bindToCurrentThread() {
    MDC.put(PROC_KEY, procId.toString());
    MDC.put(RANK_KEY, Long.toString(rank));
    MDC.put(STREAM_KEY, stream == Stream.STDOUT ? "stdout" : "stderr");
  }

  void line(String line) {
    if (stream == Stream.STDOUT) {
      log.info("{}{}", prefix, line);
    } else {
      log.warn("{}{}", prefix, line);
    }
  }
}
