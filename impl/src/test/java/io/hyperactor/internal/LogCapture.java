package io.hyperactor.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures one logger's events at DEBUG for the duration of a test. */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // Reads the MDC on the logging thread: the event would otherwise read it lazily later.
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    previous = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
  }

  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  /** Captures the logger named {@code name}. */
  public static LogCapture named(String name) {
    return new LogCapture(name);
  }

  public List<String> messages() {
    synchronized (appender.list) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The captured events, with the MDC each was logged with. */
  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    logger.setAdditive(true);
    appender.stop();
  }
}
