package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A proc did not become ready; {@link #kind()} says why.
 *
 * <p>Futures returned by {@link ProcHandle#ready()} complete exceptionally with this exception.
 */
public final class ReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a proc is not ready. */
  public enum Kind {
    /** The proc reached a terminal status before it was ready; see {@link #status()}. */
    TERMINAL,
    /** The handle lost track of the proc's status. */
    CHANNEL_CLOSED,
    /** The readiness wait timed out. */
    TIMEOUT,
    /** The proc was reported ready but its handle has no address. */
    MISSING_ADDR,
    /** The proc was reported ready but its handle has no agent. */
    MISSING_AGENT_REF
  }

  private final Kind kind;
  private final @Nullable ProcStatus status;

  /** A readiness failure of {@code kind}; {@code status} is the terminal status, if any. */
  public ReadyException(Kind kind, String message, @Nullable ProcStatus status) {
    super(checkNotNull(message, "message"));
    this.kind = checkNotNull(kind, "kind");
    this.status = status;
  }

  /** The proc ended before it was ready, with {@code status}. */
  public static ReadyException terminal(ProcStatus status) {
    return new ReadyException(
        Kind.TERMINAL, "proc terminated before running: " + status, checkNotNull(status));
  }

  /** Why the proc is not ready. */
  public Kind kind() {
    return kind;
  }

  /** The terminal status, for {@link Kind#TERMINAL}. */
  public Optional<ProcStatus> status() {
    return Optional.ofNullable(status);
  }
}
