package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.PortRef;

/**
 * Like {@link GetRankStatus}, but the reply waits until the status is at least {@code minStatus} in
 * {@link Status}'s order; an unknown id is answered at once with an empty overlay.
 *
 * <p>It lets an owner wait for a real terminal status rather than observe {@code Stopping} and race
 * the resource's exit.
 *
 * @param id the resource
 * @param minStatus the least status to wait for
 * @param reply where the overlay goes
 */
public record WaitRankStatus(ResourceId id, Status minStatus, PortRef<StatusOverlay> reply)
    implements ResourceMessage {
  public WaitRankStatus {
    checkNotNull(id, "id");
    checkNotNull(minStatus, "minStatus");
    checkNotNull(reply, "reply");
  }
}
