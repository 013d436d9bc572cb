package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Stops every resource the agent manages; no reply (poll with {@link GetRankStatus}).
 *
 * @param reason why, recorded with each stop
 */
public record StopAll(String reason) implements ResourceMessage {
  public StopAll {
    checkNotNull(reason, "reason");
  }
}
