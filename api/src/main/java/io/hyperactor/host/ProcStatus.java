package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.ref.ActorRef;
import java.time.Instant;
import java.util.List;

/**
 * The lifecycle status of one proc as its manager observes it.
 *
 * <p>A proc starts in {@link Starting}, becomes {@link Running} once its process (or in-JVM proc)
 * exists, {@link Ready} once it has reported its address and agent, may pass through {@link
 * Stopping}, and ends in exactly one terminal state: {@link Stopped} (it exited with a code),
 * {@link Killed} (a signal ended it) or {@link Failed} (the manager lost it). Terminal states are
 * absorbing: the first one observed is final.
 */
public sealed interface ProcStatus
    permits ProcStatus.Starting,
        ProcStatus.Running,
        ProcStatus.Ready,
        ProcStatus.Stopping,
        ProcStatus.Stopped,
        ProcStatus.Killed,
        ProcStatus.Failed {

  /** Whether this status is terminal (Stopped, Killed or Failed). */
  default boolean isExit() {
    return this instanceof Stopped || this instanceof Killed || this instanceof Failed;
  }

  /** The proc is being created; nothing runs yet. */
  record Starting() implements ProcStatus {
    @Override
    public String toString() {
      return "Starting";
    }
  }

  /**
   * The proc's process exists but has not reported readiness.
   *
   * @param startedAt when the process started
   */
  record Running(Instant startedAt) implements ProcStatus {
    public Running {
      checkNotNull(startedAt, "startedAt");
    }

    @Override
    public String toString() {
      return "Running";
    }
  }

  /**
   * The proc serves messages at {@code addr} and its agent is {@code agent}.
   *
   * @param startedAt when the process started
   * @param addr the address the proc serves
   * @param agent the proc's management agent
   */
  record Ready(Instant startedAt, ChannelAddr addr, ActorRef<?> agent) implements ProcStatus {
    public Ready {
      checkNotNull(startedAt, "startedAt");
      checkNotNull(addr, "addr");
      checkNotNull(agent, "agent");
    }

    @Override
    public String toString() {
      return "Ready at " + addr;
    }
  }

  /**
   * The proc was asked to stop and has not exited yet.
   *
   * @param startedAt when the process started
   */
  record Stopping(Instant startedAt) implements ProcStatus {
    public Stopping {
      checkNotNull(startedAt, "startedAt");
    }

    @Override
    public String toString() {
      return "Stopping";
    }
  }

  /**
   * The proc exited by itself with {@code exitCode}.
   *
   * @param exitCode the process exit code (0 for an in-JVM proc that stopped)
   * @param stderrTail the last lines the process wrote to stderr, oldest first (empty when not
   *     captured); an immutable copy is kept
   */
  record Stopped(int exitCode, List<String> stderrTail) implements ProcStatus {
    public Stopped {
      stderrTail = ImmutableList.copyOf(checkNotNull(stderrTail, "stderrTail"));
    }

    @Override
    public String toString() {
      return "Stopped(exit=" + exitCode + ")";
    }
  }

  /**
   * A signal ended the proc's process.
   *
   * @param signal the signal number (9 for SIGKILL, 15 for SIGTERM)
   * @param coreDumped whether the process dumped core (the JVM cannot tell; always false there)
   */
  record Killed(int signal, boolean coreDumped) implements ProcStatus {
    public Killed {
      checkArgument(signal > 0, "signal must be positive, got %s", signal);
    }

    @Override
    public String toString() {
      return coreDumped ? "Killed(sig=" + signal + ", core)" : "Killed(sig=" + signal + ")";
    }
  }

  /**
   * The manager lost the proc or could not start it.
   *
   * @param reason what went wrong
   */
  record Failed(String reason) implements ProcStatus {
    public Failed {
      checkNotNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "Failed(" + reason + ")";
    }
  }
}
