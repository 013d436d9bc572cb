package io.hyperactor.host;

import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * All procs of one machine behind one frontend address.
 *
 * <p>Every proc on the host is named {@code ProcId(frontend address, name)}. Traffic for a proc
 * arrives at the frontend ({@link #addr()}) and is routed to it; procs send everything not local to
 * them to the backend ({@link #backendAddr()}), from where the host routes it on. Two procs are
 * built in: the service proc ({@value #SERVICE_PROC_NAME}), for host-level services, and the local
 * proc ({@value #LOCAL_PROC_NAME}), which starts with no actors. Procs are created by a {@link
 * ProcManager}. Closing the host closes its manager, so no proc it started outlives it.
 *
 * <p>An application makes hosts from its actor system: {@code ActorSystem.localHost} (procs in
 * this JVM) or {@code ActorSystem.processHost} (a child JVM per proc); closing the system closes
 * them.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create()) {
 *   Host<Object, ProcessProcConfig> host =
 *       system.processHost(ChannelAddr.any(ChannelTransport.UNIX));
 *   host.serve();
 *   HostedProc<Object> worker = host.spawn("worker", ProcessProcConfig.ofRank(0));
 * }
 * }</pre>
 *
 * @param <A> the message type of each proc's agent
 * @param <C> the manager's per-proc spawn configuration
 */
public interface Host<A, C> extends AutoCloseable {

  /** The name of the host's service proc. */
  String SERVICE_PROC_NAME = "service";

  /** The name of the host's local proc. */
  String LOCAL_PROC_NAME = "local";

  /** The frontend address: the host's public address, part of every hosted proc's id. */
  ChannelAddr addr();

  /** The backend address that procs send their outbound traffic to. */
  ChannelAddr backendAddr();

  /**
   * The address procs attach to over a duplex link, to be hosted without an address of their own;
   * empty when the frontend's transport has no duplex links ({@code local}).
   */
  Optional<ChannelAddr> attachAddr();

  /** The service proc. */
  Proc serviceProc();

  /** The local proc; it starts with no actors. */
  Proc localProc();

  /** The proc manager. */
  ProcManager<A, C> manager();

  /**
   * Starts accepting traffic on the frontend; returns a future that completes when the frontend has
   * stopped after {@link #stopServing}.
   *
   * @throws HostException ({@code ALREADY_SERVING}) on a second call
   */
  CompletableFuture<Void> serve();

  /**
   * Stops the frontend in order: accepted connections are closed after their pending messages, so
   * plain peers see their links closed promptly.
   */
  CompletableFuture<Void> stopServing(String reason);

  /**
   * Spawns proc {@code name} through the manager and waits for it to be ready, at most {@code
   * host_spawn_ready_timeout} (zero waits forever).
   *
   * @throws HostException {@code PROC_EXISTS} when the name is taken, {@code
   *     PROCESS_CONFIGURATION_FAILURE} when the proc does not become ready, or the manager's error
   */
  HostedProc<A> spawn(String name, C config);

  /** The names of the procs spawned on this host and not yet released: an immutable set. */
  Set<String> procNames();

  /**
   * Stops one proc through the manager. The name stays taken and its route stays bound, as
   * upstream.
   */
  ProcStatus terminateProc(ProcId procId, Duration timeout, String reason);

  /**
   * Stops every proc through the manager ({@code maxInFlight} at a time), then frees every name and
   * route so names can be reused.
   */
  TerminateSummary terminateChildren(Duration timeout, int maxInFlight, String reason);

  /** Stops serving, terminates every proc, closes the manager and the built-in procs. */
  @Override
  void close();
}
