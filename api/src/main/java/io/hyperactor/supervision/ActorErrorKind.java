package io.hyperactor.supervision;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Why an actor failed.
 *
 * <p>Terminal statuses carry a {@link Generic} kind: the runtime flattens every internal failure
 * (handler error, uncaught exception, abort, init or cleanup error) into its message, as upstream
 * does. A failure propagated from a child adopts the child's kind unchanged.
 */
public sealed interface ActorErrorKind permits ActorErrorKind.Generic {

  /** The human-readable description of the failure. */
  String message();

  /** A failure described by its message (which, for uncaught exceptions, holds the stack trace). */
  record Generic(String message) implements ActorErrorKind {
    public Generic {
      checkNotNull(message, "message");
    }

    @Override
    public String toString() {
      return message;
    }
  }

  /** A generic failure with {@code message}. */
  static ActorErrorKind generic(String message) {
    return new Generic(message);
  }
}
