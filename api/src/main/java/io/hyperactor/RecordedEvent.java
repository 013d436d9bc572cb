package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event in a {@link FlightRecorder}.
 *
 * @param at when it was recorded
 * @param fields its fields, e.g. {@code message} (an immutable copy is kept, in the given order)
 * @param spans the spans open when it was recorded, outermost first (an immutable copy is kept)
 */
public record RecordedEvent(Instant at, Map<String, String> fields, List<String> spans) {
  public RecordedEvent {
    checkNotNull(at, "at");
    fields = ImmutableMap.copyOf(checkNotNull(fields, "fields"));
    spans = ImmutableList.copyOf(checkNotNull(spans, "spans"));
  }
}
