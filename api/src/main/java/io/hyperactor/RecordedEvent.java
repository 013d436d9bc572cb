package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;

/**
 * One event in a {@link FlightRecorder}.
 *
 * @param at when it was recorded
 * @param fields its fields, e.g. {@code message}
 * @param spans the spans open when it was recorded, outermost first
 */
public record RecordedEvent(
    Instant at, ImmutableMap<String, String> fields, ImmutableList<String> spans) {
  public RecordedEvent {
    checkNotNull(at, "at");
    checkNotNull(fields, "fields");
    checkNotNull(spans, "spans");
  }
}
