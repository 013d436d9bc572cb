package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.RecordedEvent;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Builds introspection payloads from a cell and answers introspection queries. */
final class Introspection {
  static final String STATUS = "status";
  static final String FAILURE_ERROR_MESSAGE = "failure_error_message";
  static final String FAILURE_ROOT_CAUSE_ACTOR = "failure_root_cause_actor";
  static final String FAILURE_IS_PROPAGATED = "failure_is_propagated";
  static final String FAILURE_OCCURRED_AT = "failure_occurred_at";

  /** Fixed-width RFC 3339 timestamps, so string order is time order (eviction relies on it). */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Introspection() {}

  /** Where an answer goes: a port, posted as the queried instance. */
  interface Replier {
    void reply(io.hyperactor.id.PortId dest, IntrospectResult result);
  }

  /** Answers {@code query} on the caller's thread. */
  static void answer(InstanceCell cell, IntrospectMessage query, Replier owner) {
    switch (query) {
      case IntrospectMessage.Query q -> {
        IntrospectResult result =
            q.view() == IntrospectMessage.View.ENTITY && cell.publishedAttrs().isPresent()
                ? new IntrospectResult(
                    cell.actorId().toString(),
                    cell.publishedAttrs().get(),
                    ids(cell),
                    parentId(cell),
                    Instant.now())
                : livePayload(cell);
        owner.reply(q.reply().portId(), result);
      }
      case IntrospectMessage.QueryChild q -> {
        IntrospectResult result =
            cell.queryChild(q.childRef())
                .orElseGet(
                    () ->
                        new IntrospectResult(
                            q.childRef(),
                            ImmutableMap.of(
                                "error_code",
                                "not_found",
                                "error_message",
                                cell.actorId() + " has no query-child handler"),
                            ImmutableList.of(),
                            null,
                            Instant.now()));
        owner.reply(q.reply().portId(), result);
      }
    }
  }

  /** The live payload; failure attributes appear only for failed actors. */
  static IntrospectResult livePayload(ActorCell cell) {
    ActorStatus status = cell.status();
    ImmutableMap.Builder<String, String> a = ImmutableMap.builder();
    a.put(STATUS, status.isTerminal() ? status.arm() : status.toString());
    switch (status) {
      case ActorStatus.Stopped s -> a.put("status_reason", s.reason());
      case ActorStatus.Failed f -> a.put("status_reason", f.error().message());
      default -> {}
    }
    a.put("actor_type", cell.actorTypeName());
    a.put("messages_processed", Long.toString(cell.numProcessedMessages()));
    a.put("created_at", TIMESTAMP.format(cell.createdAt()));
    a.put("total_processing_time_us", Long.toString(cell.totalProcessingTimeMicros()));
    a.put("is_system", Boolean.toString(cell.isSystem()));
    a.put("queue_depth", Long.toString(cell.metrics().queueSize()));
    cell.lastMessageHandler().ifPresent(h -> a.put("last_handler", h.toString()));
    cell.lastHandlerAt().ifPresent(t -> a.put("last_handler_at", t.toString()));
    List<RecordedEvent> events = cell.recorder().tail();
    if (!events.isEmpty()) {
      a.put(
          "flight_recorder",
          events.stream().map(e -> e.fields().toString()).collect(Collectors.joining("\n")));
    }
    if (status.isFailed()) {
      ActorSupervisionEvent event = cell.supervisionEvent().orElse(null);
      if (event != null) {
        ActorSupervisionEvent root = event.actuallyFailingActor();
        a.put(FAILURE_ERROR_MESSAGE, event.actorStatus().toString());
        a.put(FAILURE_ROOT_CAUSE_ACTOR, root.actorId().toString());
        a.put(FAILURE_IS_PROPAGATED, Boolean.toString(!root.actorId().equals(cell.actorId())));
        a.put(FAILURE_OCCURRED_AT, TIMESTAMP.format(event.occurredAt()));
      }
    }
    return new IntrospectResult(
        cell.actorId().toString(), a.buildOrThrow(), ids(cell), parentId(cell), Instant.now());
  }

  private static ImmutableList<String> ids(ActorCell cell) {
    return cell.childActorIds().stream()
        .map(Object::toString)
        .collect(ImmutableList.toImmutableList());
  }

  private static @Nullable String parentId(ActorCell cell) {
    return cell.parent().map(p -> p.actorId().toString()).orElse(null);
  }
}
