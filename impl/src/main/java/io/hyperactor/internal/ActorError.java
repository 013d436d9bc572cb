package io.hyperactor.internal;

import com.google.common.base.Throwables;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import org.jspecify.annotations.Nullable;

/**
 * Why an actor's loop ended with an error; flattened into a {@code Failed} status when the actor
 * terminates, except for an unhandled child event whose status the actor adopts.
 */
final class ActorError extends Exception {
  private static final long serialVersionUID = 1L;

  /** The source of the error. */
  enum Kind {
    PROCESSING,
    PANIC,
    INIT,
    ABORTED,
    UNHANDLED_SUPERVISION_EVENT,
    ERROR_DURING_HANDLING_SUPERVISION,
    CLEANUP
  }

  private final Kind kind;
  private final @Nullable ActorSupervisionEvent event;

  private ActorError(
      Kind kind, String message, @Nullable Throwable cause, @Nullable ActorSupervisionEvent event) {
    super(message, cause, false, false);
    this.kind = kind;
    this.event = event;
  }

  Kind kind() {
    return kind;
  }

  /** For {@link Kind#UNHANDLED_SUPERVISION_EVENT}: the child's event. */
  @Nullable ActorSupervisionEvent event() {
    return event;
  }

  /** Whether the failure is a panic (an {@link Error}), after which cleanup is skipped. */
  boolean isPanic() {
    return kind == Kind.PANIC && getCause() instanceof Error;
  }

  /** A handler failure: checked exceptions keep their message; unchecked ones also the trace. */
  static ActorError fromHandler(Throwable t) {
    if (t instanceof Exception && !(t instanceof RuntimeException)) {
      return new ActorError(Kind.PROCESSING, describe(t), t, null);
    }
    return new ActorError(
        Kind.PANIC, "panic: " + t + "\n" + Throwables.getStackTraceAsString(t).strip(), t, null);
  }

  static ActorError init(Throwable t) {
    return new ActorError(Kind.INIT, "initialization error: " + flatten(t), t, null);
  }

  static ActorError aborted(String reason) {
    return new ActorError(Kind.ABORTED, "actor explicitly aborted due to: " + reason, null, null);
  }

  static ActorError unhandled(ActorSupervisionEvent event) {
    return new ActorError(
        Kind.UNHANDLED_SUPERVISION_EVENT, event.actorStatus().toString(), null, event);
  }

  static ActorError duringSupervision(Throwable t, ActorSupervisionEvent event) {
    return new ActorError(
        Kind.ERROR_DURING_HANDLING_SUPERVISION,
        "error during handling supervision event " + event + ": " + flatten(t),
        t,
        event);
  }

  static ActorError cleanup(String message, @Nullable Throwable cause) {
    return new ActorError(Kind.CLEANUP, "cleanup error: " + message, cause, null);
  }

  /** For the unhandled-event kind: the status to adopt; otherwise null. */
  @Nullable ActorStatus adoptedStatus() {
    return kind == Kind.UNHANDLED_SUPERVISION_EVENT && event != null ? event.actorStatus() : null;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }

  private static String flatten(Throwable t) {
    if (t instanceof Exception && !(t instanceof RuntimeException)) {
      return describe(t);
    }
    return t + "\n" + Throwables.getStackTraceAsString(t).strip();
  }
}
