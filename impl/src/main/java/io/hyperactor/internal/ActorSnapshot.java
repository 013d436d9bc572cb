package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.IntrospectResult;
import io.hyperactor.RecordedEvent;
import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The values of an actor's introspection payload, taken at one instant and formatted on demand.
 *
 * <p>Every terminated actor leaves a snapshot, but few snapshots are ever read: taking one copies
 * a handful of immutable values, and {@link #result} formats them into the {@link
 * IntrospectResult} (ids, timestamps and counters as strings) the first time it is asked, then
 * keeps it. The content is the live payload of {@link Introspection#livePayload} as of the moment
 * the snapshot was taken.
 */
final class ActorSnapshot {
  private final @Nullable Values values;
  private final @Nullable Instant failedAt;
  private volatile @Nullable IntrospectResult result;

  private ActorSnapshot(Values values) {
    this.values = values;
    this.result = null;
    ActorSupervisionEvent failure = values.failure();
    this.failedAt = failure == null ? null : failure.occurredAt();
  }

  private ActorSnapshot(IntrospectResult result, @Nullable Instant failedAt) {
    this.values = null;
    this.result = result;
    this.failedAt = failedAt;
  }

  /** Takes the values of {@code cell}'s payload now. */
  static ActorSnapshot of(ActorCell cell) {
    ActorStatus status = cell.status();
    return new ActorSnapshot(
        new Values(
            cell.actorId(),
            status,
            cell.actorTypeName(),
            cell.numProcessedMessages(),
            cell.createdAt(),
            cell.totalProcessingTimeMicros(),
            cell.isSystem(),
            cell.metrics().queueSize(),
            cell.lastMessageHandler().orElse(null),
            cell.lastHandlerAt().orElse(null),
            ImmutableList.copyOf(cell.recorder().tail()),
            status.isFailed() ? cell.supervisionEvent().orElse(null) : null,
            ImmutableList.copyOf(cell.childActorIds()),
            cell.parent().map(ActorCell::actorId).orElse(null),
            Instant.now()));
  }

  /**
   * A snapshot already formatted as {@code result}; {@code failedAt} is when the actor failed,
   * when the result carries failure attributes.
   */
  static ActorSnapshot formatted(IntrospectResult result, @Nullable Instant failedAt) {
    return new ActorSnapshot(result, failedAt);
  }

  /**
   * When the actor failed, if it failed with a supervision event: exactly the snapshots whose
   * payload carries the failure attributes.
   */
  @Nullable Instant failedAt() {
    return failedAt;
  }

  /** The payload, formatted at the first call. */
  IntrospectResult result() {
    IntrospectResult r = result;
    if (r == null) {
      // Only a snapshot of values has no result yet. Racing callers format equal payloads;
      // either one may be kept.
      r = Objects.requireNonNull(values).format();
      result = r;
    }
    return r;
  }

  /** The values the payload is made of. */
  private record Values(
      ActorId actorId,
      ActorStatus status,
      String actorTypeName,
      long messagesProcessed,
      Instant createdAt,
      long totalProcessingTimeMicros,
      boolean system,
      long queueDepth,
      @Nullable HandlerInfo lastHandler,
      @Nullable Instant lastHandlerAt,
      ImmutableList<RecordedEvent> events,
      @Nullable ActorSupervisionEvent failure,
      ImmutableList<ActorId> children,
      @Nullable ActorId parent,
      Instant asOf) {

    private IntrospectResult format() {
      ImmutableMap.Builder<String, String> a = ImmutableMap.builder();
      a.put(Introspection.STATUS, status.isTerminal() ? status.arm() : status.toString());
      switch (status) {
        case ActorStatus.Stopped s -> a.put("status_reason", s.reason());
        case ActorStatus.Failed f -> a.put("status_reason", f.error().message());
        default -> {}
      }
      a.put("actor_type", actorTypeName);
      a.put("messages_processed", Long.toString(messagesProcessed));
      a.put("created_at", Introspection.TIMESTAMP.format(createdAt));
      a.put("total_processing_time_us", Long.toString(totalProcessingTimeMicros));
      a.put("is_system", Boolean.toString(system));
      a.put("queue_depth", Long.toString(queueDepth));
      if (lastHandler != null) {
        a.put("last_handler", lastHandler.toString());
      }
      if (lastHandlerAt != null) {
        a.put("last_handler_at", lastHandlerAt.toString());
      }
      if (!events.isEmpty()) {
        a.put(
            "flight_recorder",
            events.stream().map(e -> e.fields().toString()).collect(Collectors.joining("\n")));
      }
      if (failure != null) {
        ActorSupervisionEvent root = failure.actuallyFailingActor();
        a.put(Introspection.FAILURE_ERROR_MESSAGE, failure.actorStatus().toString());
        a.put(Introspection.FAILURE_ROOT_CAUSE_ACTOR, root.actorId().toString());
        a.put(Introspection.FAILURE_IS_PROPAGATED, Boolean.toString(!root.actorId().equals(actorId)));
        a.put(Introspection.FAILURE_OCCURRED_AT, Introspection.TIMESTAMP.format(failure.occurredAt()));
      }
      return new IntrospectResult(
          actorId.toString(),
          a.buildOrThrow(),
          children.stream().map(Object::toString).collect(ImmutableList.toImmutableList()),
          parent == null ? null : parent.toString(),
          asOf);
    }
  }
}
