package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The full reported state of one resource at one moment.
 *
 * @param id the resource
 * @param status its status
 * @param state the resource-specific payload; null when the resource does not exist or failed to be
 *     created
 * @param generation a counter for last-writer-wins merging: 1 at creation, bumped on each change
 *     the agent reports; 0 for a resource that does not exist
 * @param timestamp the agent's wall-clock time when the state was taken (for debugging only)
 * @param <S> the payload type
 */
public record State<S>(
    ResourceId id, Status status, @Nullable S state, long generation, Instant timestamp) {
  public State {
    checkNotNull(id, "id");
    checkNotNull(status, "status");
    checkArgument(generation >= 0, "generation must be >= 0, got %s", generation);
    checkNotNull(timestamp, "timestamp");
  }

  /**
   * The state of a resource the agent does not know: {@code NotExist}, no payload, generation 0.
   */
  public static <S> State<S> notExist(ResourceId id, Instant now) {
    return new State<>(id, Status.NOT_EXIST, null, 0, now);
  }

  /** The payload, if present. */
  public Optional<S> payload() {
    return Optional.ofNullable(state);
  }
}
