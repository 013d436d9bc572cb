package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.List;

/**
 * The payload of an actor resource's {@link State}.
 *
 * @param actorId the spawned actor
 * @param createRank the rank of the proc that created the actor, before any slicing
 * @param supervisionEvents the actor's terminal event, if it terminated (zero or one element; an
 *     immutable copy is kept)
 */
public record ActorState(
    ActorId actorId, long createRank, List<ActorSupervisionEvent> supervisionEvents) {
  public ActorState {
    checkNotNull(actorId, "actorId");
    checkArgument(createRank >= 0, "createRank must be >= 0, got %s", createRank);
    supervisionEvents =
        ImmutableList.copyOf(checkNotNull(supervisionEvents, "supervisionEvents"));
  }
}
