package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Stops resource {@code id}; idempotent, no reply.
 *
 * @param id the resource
 * @param reason why, recorded with the stop
 */
public record Stop(ResourceId id, String reason) implements ResourceMessage {
  public Stop {
    checkNotNull(id, "id");
    checkNotNull(reason, "reason");
  }
}
