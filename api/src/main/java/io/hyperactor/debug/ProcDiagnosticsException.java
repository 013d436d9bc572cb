package io.hyperactor.debug;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;
import org.jspecify.annotations.Nullable;

/**
 * A diagnostic request about a proc (a configuration dump, a CPU profile, its output) was refused
 * or failed; the message says which proc and why, in the words of whoever refused.
 *
 * <p>{@link #reason()} tells the kinds apart, so that a tool can answer each in its own way (the
 * admin HTTP server maps them to status codes). A request that got no answer in time fails with
 * {@link io.hyperactor.AskTimeoutException} instead.
 */
public final class ProcDiagnosticsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a diagnostic request did not succeed. */
  public enum Reason {
    /** The proc (or its host) refused the request as invalid, e.g. a profile duration too long. */
    REJECTED,
    /** No such proc: its host knows none of that name. */
    NOT_FOUND,
    /**
     * The request did not reach an agent that could answer it: nothing at that address has the
     * agent (no such proc, or a proc that no host made), or the agent refused the sender. The
     * message carries the delivery error.
     */
    UNDELIVERED,
    /**
     * The proc has no output of its own to show: it runs in its host's JVM, or its host keeps none
     * of its procs' output.
     */
    NO_OUTPUT,
    /** The proc tried and failed, e.g. the recording could not be made or is too large to send. */
    FAILED
  }

  private final ProcId procId;
  private final Reason reason;

  /** A request about {@code procId} did not succeed for {@code reason}, told by {@code message}. */
  public ProcDiagnosticsException(ProcId procId, Reason reason, String message) {
    this(procId, reason, message, null);
  }

  /** As {@link #ProcDiagnosticsException(ProcId, Reason, String)}, caused by {@code cause}. */
  public ProcDiagnosticsException(
      ProcId procId, Reason reason, String message, @Nullable Throwable cause) {
    super(checkNotNull(message, "message"), cause);
    this.procId = checkNotNull(procId, "procId");
    this.reason = checkNotNull(reason, "reason");
  }

  /** The proc the request was about. */
  public ProcId procId() {
    return procId;
  }

  /** Why the request did not succeed. */
  public Reason reason() {
    return reason;
  }
}
