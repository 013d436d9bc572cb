package io.hyperactor;

import java.util.List;
import java.util.Map;

/**
 * A bounded per-actor record of the most recent events its handlers logged.
 *
 * <p>Keeps the last {@link #CAPACITY} events; thread-safe. Events are also logged through SLF4J at
 * debug level under the actor's id.
 */
public interface FlightRecorder {

  /** How many events are kept. */
  int CAPACITY = 64;

  /** Records an event with field {@code message}. */
  void event(String message);

  /** Records an event with the given fields. */
  void event(Map<String, ?> fields);

  /** Opens a span; events recorded until it closes carry its name. Close it on the same thread. */
  Span span(String name);

  /** The recorded events, oldest first: an immutable list. */
  List<RecordedEvent> tail();

  /**
   * The currently open span stacks, one per thread with open spans, outermost first: an immutable
   * list of immutable lists.
   */
  List<List<String>> stacks();

  /** An open span. */
  interface Span extends AutoCloseable {
    @Override
    void close();
  }
}
