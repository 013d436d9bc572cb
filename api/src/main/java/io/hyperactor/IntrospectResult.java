package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an instance reports about itself: identity, attributes, children and parent.
 *
 * <p>Attribute keys include {@code status}, {@code status_reason}, {@code actor_type}, {@code
 * messages_processed}, {@code created_at}, {@code total_processing_time_us}, {@code is_system},
 * {@code last_handler}, {@code last_handler_at}, {@code flight_recorder}, and for failed actors
 * only {@code failure_error_message}, {@code failure_root_cause_actor}, {@code
 * failure_is_propagated} and {@code failure_occurred_at}.
 *
 * @param identity the instance's id (or an error node's reference)
 * @param attrs the attributes (an immutable copy is kept, in the given order)
 * @param children the ids of its children (an immutable copy is kept)
 * @param parent its parent's id, if any
 * @param asOf when the result was computed
 */
public record IntrospectResult(
    String identity,
    Map<String, String> attrs,
    List<String> children,
    @Nullable String parent,
    Instant asOf) {
  public IntrospectResult {
    checkNotNull(identity, "identity");
    attrs = ImmutableMap.copyOf(checkNotNull(attrs, "attrs"));
    children = ImmutableList.copyOf(checkNotNull(children, "children"));
    checkNotNull(asOf, "asOf");
  }

  /** The attribute {@code key}, if present. */
  public Optional<String> attr(String key) {
    return Optional.ofNullable(attrs.get(key));
  }
}
