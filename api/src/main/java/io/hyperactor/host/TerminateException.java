package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A terminate or kill request could not be carried out; {@link #kind()} says why.
 *
 * <p>Futures returned by {@link ProcHandle#terminate} and {@link ProcHandle#kill()} complete
 * exceptionally with this exception.
 */
public final class TerminateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a terminate or kill request failed. */
  public enum Kind {
    /** The manager cannot stop procs. */
    UNSUPPORTED,
    /** The proc had already terminated; see {@link #status()}. */
    ALREADY_TERMINATED,
    /** The handle lost track of the proc's status. */
    CHANNEL_CLOSED,
    /** Signalling or stopping the proc failed. */
    IO
  }

  private final Kind kind;
  private final @Nullable ProcStatus status;

  /** A failure of {@code kind}; {@code status} is the terminal status for ALREADY_TERMINATED. */
  public TerminateException(
      Kind kind, String message, @Nullable ProcStatus status, @Nullable Throwable cause) {
    super(checkNotNull(message, "message"), cause);
    this.kind = checkNotNull(kind, "kind");
    this.status = status;
  }

  /** The proc had already terminated with {@code status}. */
  public static TerminateException alreadyTerminated(ProcStatus status) {
    return new TerminateException(
        Kind.ALREADY_TERMINATED,
        "proc already terminated (status: " + status + ")",
        checkNotNull(status),
        null);
  }

  /** The manager cannot terminate or kill procs. */
  public static TerminateException unsupported() {
    return new TerminateException(
        Kind.UNSUPPORTED, "terminate/kill unsupported by manager", null, null);
  }

  /** Why the request failed. */
  public Kind kind() {
    return kind;
  }

  /** The proc's terminal status, for {@link Kind#ALREADY_TERMINATED}. */
  public Optional<ProcStatus> status() {
    return Optional.ofNullable(status);
  }
}
