package io.hyperactor.testkit;

import static com.google.common.base.Preconditions.checkNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The log events of the loggers under a name (the root logger by default) while a test runs, for
 * assertions about what was logged.
 *
 * <pre>{@code
 * kit.logs().assertLogged(Level.WARN, "dropped");
 * }</pre>
 *
 * <p>Needs Logback as the SLF4J binding. Events below the logger's effective level are not seen;
 * {@link #capture(String, Level)} lowers it for the capture's duration. Thread-safe.
 */
public final class CapturedLogs implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(String loggerName, @Nullable Level level) {
    logger = (Logger) LoggerFactory.getLogger(checkNotNull(loggerName, "loggerName"));
    previousLevel = logger.getLevel();
    if (level != null) {
      logger.setLevel(level);
    }
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing every event of the root logger at its configured level. */
  public static CapturedLogs capture() {
    return new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME, null);
  }

  /** Starts capturing {@code loggerName} and its children at {@code level} and above. */
  public static CapturedLogs capture(String loggerName, Level level) {
    return new CapturedLogs(loggerName, checkNotNull(level, "level"));
  }

  /** The captured events, oldest first. */
  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /** The captured messages, formatted, oldest first. */
  public List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /**
   * Checks that an event at {@code level} whose message contains {@code fragment} was logged.
   *
   * @throws AssertionError listing what was logged at that level instead
   */
  public ILoggingEvent assertLogged(Level level, String fragment) {
    List<ILoggingEvent> atLevel = events().stream().filter(e -> e.getLevel().equals(level)).toList();
    return atLevel.stream()
        .filter(e -> e.getFormattedMessage().contains(fragment))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + level
                        + " event containing '"
                        + fragment
                        + "'; "
                        + level
                        + " events: "
                        + atLevel.stream().map(ILoggingEvent::getFormattedMessage).toList()));
  }

  /**
   * Checks that no event at {@code level} or above was logged.
   *
   * @throws AssertionError listing those that were
   */
  public void assertNothingAtOrAbove(Level level) {
    List<String> found =
        events().stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(level))
            .map(e -> e.getLevel() + " " + e.getFormattedMessage())
            .toList();
    if (!found.isEmpty()) {
      throw new AssertionError("expected nothing at " + level + " or above, got " + found);
    }
  }

  /** Stops capturing and restores the logger's level. */
  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(previousLevel);
  }
}
