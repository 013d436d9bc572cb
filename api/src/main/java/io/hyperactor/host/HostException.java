package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkNotNull;

import org.jspecify.annotations.Nullable;

/**
 * A host or proc manager operation failed; {@link #kind()} says which way.
 *
 * <p>Messages name the proc (or parameter) and the cause, for example {@code proc 'unix:@x,worker'
 * failed to configure process: readiness timed out after 30s}.
 */
public final class HostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The ways a host operation fails. */
  public enum Kind {
    /** A channel could not be bound, dialed or read. */
    CHANNEL,
    /** {@link Host#serve()} was called a second time. */
    ALREADY_SERVING,
    /** A proc with the requested name already exists on the host. */
    PROC_EXISTS,
    /** The operating system could not start the proc's process. */
    PROCESS_SPAWN_FAILURE,
    /** The proc started but did not become ready (timeout, early exit, missing address). */
    PROCESS_CONFIGURATION_FAILURE,
    /** The proc's agent could not be spawned. */
    AGENT_SPAWN_FAILURE,
    /** A bootstrap parameter (environment variable) is missing. */
    MISSING_PARAMETER,
    /** A bootstrap parameter (environment variable) does not parse. */
    INVALID_PARAMETER,
    /** The named proc is not managed here. */
    NO_SUCH_PROC,
    /** The host or manager was closed. */
    CLOSED
  }

  private final Kind kind;

  /** An error of {@code kind} with {@code message}. */
  public HostException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** An error of {@code kind} with {@code message}, caused by {@code cause}. */
  public HostException(Kind kind, String message, @Nullable Throwable cause) {
    super(checkNotNull(message, "message"), cause);
    this.kind = checkNotNull(kind, "kind");
  }

  /** Which way the operation failed. */
  public Kind kind() {
    return kind;
  }
}
