package io.hyperactor.transport.grpc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/** One class's log lines, at DEBUG and above, while a test runs: {@code LEVEL message}. */
final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLog(Class<?> type) {
    logger = (Logger) LoggerFactory.getLogger(type);
    previous = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
  }

  static CapturedLog of(Class<?> type) {
    return new CapturedLog(type);
  }

  /** Every line so far, each as {@code LEVEL message}. */
  List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
  }

  /** Waits until {@code count} lines start with {@code prefix} and returns them. */
  List<String> await(String prefix, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> matching = lines().stream().filter(l -> l.startsWith(prefix)).toList();
      if (matching.size() >= count) {
        return matching;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "expected " + count + " line(s) starting with " + prefix + ", got " + lines());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    appender.stop();
  }
}
