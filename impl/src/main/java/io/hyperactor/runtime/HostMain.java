package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import io.hyperactor.internal.mesh.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of a JVM that serves a host of a host mesh: a host whose procs are child JVMs of
 * its own, with a host agent on its service proc.
 *
 * <p>Started by a process host mesh ({@link HostMeshes#process}), the JVM first becomes a proc of
 * its parent, as {@link ProcMain} does (it restores the parent's configuration and dies with the
 * parent), serves its host on the configured {@code default_transport}, and tells the parent the
 * host's address. Started any other way (by hand, by a cluster manager) it serves standalone, for
 * clients to attach to ({@link HostMeshes#attach}): see {@link #boot(ActorSystem.Builder,
 * String[])}. Its procs run the main class named by {@value #PROC_MAIN_CLASS_ENV} (default {@link
 * ProcMain}). The JVM exits once a client has shut the host down. An application whose hosts need
 * message types of their own writes a main class that calls {@link #boot} with a builder that
 * registers them, and names it with {@link HostProcessOptions#withHostMainClass}.
 *
 * <pre>{@code
 * public final class WorkerHostMain {
 *   public static void main(String[] args) {
 *     HostMain.boot(ActorSystem.builder().codecs(c -> c.sealed("app.WorkerMsg", WorkerMsg.class)));
 *   }
 * }
 * }</pre>
 */
public final class HostMain {
  /** What a standalone host prints on standard output, followed by its address, once it serves. */
  public static final String SERVING_PREFIX = "hyperactor host serving at ";

  /** The environment variable naming the main class of the host's procs. */
  public static final String PROC_MAIN_CLASS_ENV = "HYPERACTOR_HOST_PROC_MAIN_CLASS";

  private static final Logger log = LoggerFactory.getLogger(HostMain.class);

  private HostMain() {}

  /**
   * Boots this JVM as a host with the built-in message types only: started by a process host
   * mesh, or standalone, serving at the address {@code args[0]} when given.
   */
  public static void main(String[] args) {
    boot(ActorSystem.builder(), args);
  }

  /**
   * Boots this JVM as a host of an actor system built by {@code system} (its configuration is the
   * parent's unless the builder sets one). Never returns: the process ends when the host is shut
   * down or the parent dies.
   */
  public static void boot(ActorSystem.Builder system) {
    boot(system, new String[0]);
  }

  /**
   * As {@link #boot(ActorSystem.Builder)}; a JVM that no process host mesh started (one started by
   * hand or by a cluster manager) serves standalone instead ({@link StandaloneHost}): at the
   * address {@code args[0]}, or {@code host_addr}, or a fresh one of the configured {@code
   * default_transport}, printing {@value #SERVING_PREFIX}
   * followed by the address on standard output once it serves, until a client shuts it down
   * ({@link io.hyperactor.mesh.HostMesh#shutdown()} after {@link HostMeshes#attach}).
   *
   * @throws IllegalArgumentException when {@code args[0]} is not a channel address
   */
  public static void boot(ActorSystem.Builder system, String[] args) {
    checkNotNull(system, "system");
    checkNotNull(args, "args");
    boot(system.build(), args);
  }

  /**
   * As {@link #boot(ActorSystem.Builder, String[])}, for a system built elsewhere, such as by an
   * injector; this JVM then belongs to {@code system}.
   *
   * @throws IllegalArgumentException when {@code args[0]} is not a channel address
   */
  public static void boot(ActorSystem system, String[] args) {
    checkNotNull(system, "system");
    checkNotNull(args, "args");
    if (System.getenv(BootstrapProtocol.PROC_ID_ENV) == null) {
      serveStandalone(system, args);
      return;
    }
    ProcMain.boot(system, proc -> proc.spawn(HostInfo.NAME, new HostInfo(serveHost(system))));
  }

  private static void serveStandalone(ActorSystem system, String[] args) {
    StandaloneHost host =
        args.length > 0
            ? StandaloneHost.start(system, parseAddr(args[0]))
            : StandaloneHost.start(system);
    System.out.println(SERVING_PREFIX + host.addr());
    System.out.flush();
    // Actors run on daemon and virtual threads: hold the JVM up until the agent's shutdown.
    host.whenShutDown().join();
    log.info("host {} shut down; exiting", host.addr());
    Runtime.getRuntime().exit(0);
  }

  private static ChannelAddr parseAddr(String text) {
    try {
      return ChannelAddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "HostMain: the address to serve at, '" + text + "', is not a channel address: "
              + e.getMessage(),
          e);
    }
  }

  /** Serves a process host with a host agent at any address of the configured transport. */
  private static ChannelAddr serveHost(ActorSystem system) {
    StandaloneHost host = StandaloneHost.serve(system, null);
    host.whenShutDown()
        .thenRun(
            () -> {
              log.info("host {} shut down; exiting", host.addr());
              Runtime.getRuntime().exit(0);
            });
    return host.addr();
  }
}
