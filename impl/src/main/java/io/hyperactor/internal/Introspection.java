package io.hyperactor.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorCell;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
    return ActorSnapshot.of(cell).result();
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
