package io.hyperactor.supervision;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The report a terminated actor sends up the supervision tree.
 *
 * <p>An actor that fails because it did not handle a child's event terminates with the child's
 * status and forwards the child's event unchanged, so {@link #actorId} names the actor where the
 * failure started all the way up to the proc's supervision coordinator.
 *
 * @param actorId the actor that terminated
 * @param displayName a human-readable name of that actor
 * @param actorStatus its terminal status
 * @param occurredAt when it terminated
 * @param causedBy an event that caused this one, when failures are chained explicitly
 */
public record ActorSupervisionEvent(
    ActorId actorId,
    String displayName,
    ActorStatus actorStatus,
    Instant occurredAt,
    @Nullable ActorSupervisionEvent causedBy) {
  public ActorSupervisionEvent {
    checkNotNull(actorId, "actorId");
    checkNotNull(displayName, "displayName");
    checkNotNull(actorStatus, "actorStatus");
    checkArgument(
        actorStatus.isTerminal(),
        "a supervision event needs a terminal status, got '%s' for %s",
        actorStatus,
        actorId);
    checkNotNull(occurredAt, "occurredAt");
  }

  /** An event for {@code actorId} terminating now with {@code status}. */
  public static ActorSupervisionEvent of(ActorId actorId, String displayName, ActorStatus status) {
    return new ActorSupervisionEvent(actorId, displayName, status, Instant.now(), null);
  }

  /** True when the status is {@link ActorStatus.Failed}. */
  public boolean isError() {
    return actorStatus.isFailed();
  }

  /** The innermost event of the {@link #causedBy} chain: the actor where the failure started. */
  public ActorSupervisionEvent actuallyFailingActor() {
    ActorSupervisionEvent e = this;
    while (e.causedBy != null) {
      e = e.causedBy;
    }
    return e;
  }

  @Override
  public String toString() {
    return actorId + " (" + displayName + ") " + actorStatus;
  }
}
