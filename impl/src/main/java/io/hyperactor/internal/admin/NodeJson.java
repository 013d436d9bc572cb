package io.hyperactor.internal.admin;

import com.google.common.primitives.Longs;
import io.hyperactor.IntrospectResult;
import io.hyperactor.id.ActorId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Maps introspection answers onto the admin API's actor shape and status vocabulary. */
final class NodeJson {
  private NodeJson() {}

  /**
   * The admin status of an actor's {@code status} attribute: the terminal arms as they are, {@code
   * stopping...} as stopping, {@code unknown} as unknown, every live state (idle, processing,
   * client, ...) as running.
   */
  static String actorStatus(@Nullable String status) {
    if (status == null) {
      return "unknown";
    }
    if (status.equals("stopped") || status.equals("failed") || status.equals("unknown")) {
      return status;
    }
    return status.startsWith("stopping") ? "stopping" : "running";
  }

  /** The actor's display name: its name and pid, {@code greeter[0]}. */
  static String name(ActorId id) {
    return id.name() + "[" + id.pid() + "]";
  }

  static AdminJson.Actor actor(ActorId id, IntrospectResult result) {
    String status = actorStatus(result.attrs().get("status"));
    AdminJson.Failure failure = null;
    if (status.equals("failed")) {
      String message = result.attrs().get("failure_error_message");
      failure =
          new AdminJson.Failure(
              message != null ? message : result.attrs().getOrDefault("status_reason", "failed"),
              result.attrs().get("failure_root_cause_actor"),
              iso(result.attrs().get("failure_occurred_at")));
    }
    return new AdminJson.Actor(
        id.toString(),
        name(id),
        result.parent(),
        result.attrs().get("actor_type"),
        status,
        result.attrs().get("status_reason"),
        Boolean.parseBoolean(result.attrs().get("is_system")),
        number(result.attrs().get("queue_depth")),
        number(result.attrs().get("messages_processed")),
        result.attrs().get("last_handler"),
        iso(result.attrs().get("last_handler_at")),
        failure);
  }

  static AdminJson.Actor unknownActor(ActorId id, String reason, boolean system) {
    return new AdminJson.Actor(
        id.toString(), name(id), null, null, "unknown", reason, system, 0, 0, null, null, null);
  }

  private static long number(@Nullable String text) {
    Long value = text == null ? null : Longs.tryParse(text);
    return value == null ? 0 : value;
  }

  /** An introspection timestamp in {@link Instant#toString()} form; null stays null. */
  private static @Nullable String iso(@Nullable String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return Instant.parse(timestamp).toString();
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
