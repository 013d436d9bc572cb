package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.PortRef;

/**
 * Asks for the status of resource {@code id} on the receiving rank, as a single-run overlay; an
 * unknown id is answered with an empty overlay.
 *
 * @param id the resource
 * @param reply where the overlay goes
 */
public record GetRankStatus(ResourceId id, PortRef<StatusOverlay> reply)
    implements ResourceMessage {
  public GetRankStatus {
    checkNotNull(id, "id");
    checkNotNull(reply, "reply");
  }
}
