package io.hyperactor.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates procs for a {@link Host} and tracks them until they end.
 *
 * <p>A manager may run procs in the host's JVM or fork one child JVM per proc. It owns whatever it
 * starts: {@link #close()} stops every proc still running and reaps every child process.
 *
 * @param <A> the message type of each proc's agent
 * @param <C> per-proc spawn configuration ({@code Void} when there is none)
 */
public interface ProcManager<A, C> extends AutoCloseable {

  /** The transport the host should bind its backend on. */
  ChannelTransport transport();

  /**
   * Creates proc {@code procId}, whose messages for other procs go to {@code forwarderAddr} (the
   * host backend); returns at once with a handle whose {@link ProcHandle#ready()} reports
   * readiness.
   *
   * @throws HostException ({@code PROCESS_SPAWN_FAILURE}, {@code AGENT_SPAWN_FAILURE}, {@code
   *     CHANNEL}, {@code CLOSED}) when the proc cannot be created
   */
  ProcHandle<A> spawn(ProcId procId, ChannelAddr forwarderAddr, C config);

  /** The handle of a proc this manager tracks. */
  Optional<ProcHandle<A>> handle(ProcId procId);

  /**
   * Stops one proc: politely, then forcibly at {@code timeout}; stops tracking it.
   *
   * @throws HostException ({@code NO_SUCH_PROC}) when the proc is not tracked
   */
  ProcStatus terminateProc(ProcId procId, Duration timeout, String reason);

  /**
   * Stops every tracked proc, at most {@code maxInFlight} at a time, each politely and then
   * forcibly at {@code timeout}; stops tracking them all.
   */
  TerminateSummary terminateAll(Duration timeout, int maxInFlight, String reason);

  /** Kills every proc still running and waits for their processes to be reaped. */
  @Override
  void close();
}
