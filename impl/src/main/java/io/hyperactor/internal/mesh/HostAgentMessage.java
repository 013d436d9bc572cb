package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.ResourceId;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The host-level requests a {@link HostAgent} answers besides the resource protocol, each with a
 * port for its reply; every one may cross a process boundary.
 */
public sealed interface HostAgentMessage {

  /**
   * Replaces the host's client-override configuration layer with {@code attrs} (config name to
   * value text), then acknowledges.
   *
   * @param attrs the client's propagating configuration
   * @param done where the acknowledgement goes
   */
  record SetClientConfig(ImmutableMap<String, String> attrs, OncePortRef<HostAck> done)
      implements HostAgentMessage {
    public SetClientConfig {
      checkNotNull(attrs, "attrs");
      checkNotNull(done, "done");
    }
  }

  /**
   * Stops procs and acknowledges once they ended: those of host mesh {@code hostMeshId}, or every
   * proc of the host when it is null. The host keeps serving, to be attached to again.
   *
   * @param timeout each proc's grace period before it is killed
   * @param maxInFlight how many procs are stopped at once (clamped to 1..256)
   * @param hostMeshId the display form of the host mesh whose procs stop, or null for all
   * @param ack where the acknowledgement goes
   */
  record DrainHost(
      Duration timeout, int maxInFlight, @Nullable String hostMeshId, OncePortRef<HostAck> ack)
      implements HostAgentMessage {
    public DrainHost {
      checkNotNull(timeout, "timeout");
      checkNotNull(ack, "ack");
    }
  }

  /**
   * Stops every proc, acknowledges, then shuts the host down: it answers nothing more, and a host
   * JVM exits.
   *
   * @param timeout each proc's grace period before it is killed
   * @param maxInFlight how many procs are stopped at once (clamped to 1..256)
   * @param ack where the acknowledgement goes
   */
  record ShutdownHost(Duration timeout, int maxInFlight, OncePortRef<HostAck> ack)
      implements HostAgentMessage {
    public ShutdownHost {
      checkNotNull(timeout, "timeout");
      checkNotNull(ack, "ack");
    }
  }

  /**
   * Asks for the host's local proc, with a proc agent booted on it on first use.
   *
   * @param reply where the proc's id, or the reason it has none, goes
   */
  record GetLocalProc(OncePortRef<LocalProc> reply) implements HostAgentMessage {
    public GetLocalProc {
      checkNotNull(reply, "reply");
    }
  }

  /**
   * Asks for the ids of every proc resource the agent manages.
   *
   * @param reply where the ids go, in creation order
   */
  record ListProcs(OncePortRef<ImmutableList<ResourceId>> reply) implements HostAgentMessage {
    public ListProcs {
      checkNotNull(reply, "reply");
    }
  }

  /**
   * Asks for the last lines one of the host's procs wrote to stdout and stderr, which the host
   * keeps for the procs it forked as child processes.
   *
   * @param procId the proc, one of the host's
   * @param lines how many lines at most, across both streams; positive
   * @param reply where the lines, or why there are none, go
   */
  record GetProcLogs(ProcId procId, int lines, OncePortRef<ProcLogsReply> reply)
      implements HostAgentMessage {
    public GetProcLogs {
      checkNotNull(procId, "procId");
      checkNotNull(reply, "reply");
    }
  }

  /**
   * The answer to a host-level request.
   *
   * @param error why the request was refused, or null when it was carried out
   */
  record HostAck(@Nullable String error) {
    /** The acknowledgement of a request carried out. */
    public static HostAck ok() {
      return new HostAck(null);
    }

    /** True when the request was carried out. */
    public boolean isOk() {
      return error == null;
    }
  }

  /**
   * The answer to {@link GetLocalProc}.
   *
   * @param procId the local proc, or null when it could not be given
   * @param error why not, or null
   */
  record LocalProc(@Nullable ProcId procId, @Nullable String error) {
    public LocalProc {
      checkArgument(
          (procId == null) != (error == null), "exactly one of procId and error must be set");
    }
  }

  /**
   * The answer to {@link GetProcLogs}: the lines, or why there are none.
   *
   * @param logs the lines, or null when refused
   * @param refusal the kind of refusal, or null
   * @param reason the refusal in words, naming the proc and the host, or null
   */
  record ProcLogsReply(
      @Nullable ProcLogs logs,
      ProcDiagnosticsException.@Nullable Reason refusal,
      @Nullable String reason) {
    public ProcLogsReply {
      checkArgument(
          (logs == null) == (refusal != null) && (refusal == null) == (reason == null),
          "exactly one of logs and (refusal, reason) must be set");
    }

    /** The lines of a proc. */
    public static ProcLogsReply of(ProcLogs logs) {
      return new ProcLogsReply(checkNotNull(logs, "logs"), null, null);
    }

    /** A refusal of kind {@code refusal}, explained by {@code reason}. */
    public static ProcLogsReply refused(ProcDiagnosticsException.Reason refusal, String reason) {
      return new ProcLogsReply(
          null, checkNotNull(refusal, "refusal"), checkNotNull(reason, "reason"));
    }
  }
}
