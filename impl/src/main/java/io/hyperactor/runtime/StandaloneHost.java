package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.internal.mesh.HostAgent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host served by this JVM for mesh clients to attach to: a process host, whose procs are child
 * JVMs, with a host agent on its service proc.
 *
 * <p>This is what {@code hyperactor host} and a {@link HostMain} started by hand run. A client
 * attaches to it by address with {@link HostMeshes#attach}, spawns procs and actors on it, and may
 * shut it down ({@link io.hyperactor.mesh.HostMesh#shutdown()}): then every proc is stopped, the
 * frontend stops, and {@link #whenShutDown()} completes. {@link #close} does the same from this
 * JVM's side, as on SIGTERM: every proc is stopped and its child JVM ended.
 *
 * <p>The address it serves at is bound and advertised by the address keys ({@code
 * remote_alloc_bind_to_inaddr_any}, {@code remote_alloc_allowed_port_range}, {@code
 * advertise_hostname}); a wildcard address such as {@code tcp:0.0.0.0:26600} is advertised as
 * {@code advertise_hostname}. Its procs run the main class named by {@value
 * HostMain#PROC_MAIN_CLASS_ENV} (default {@link ProcMain}) with this JVM's class path, and inherit
 * its propagating configuration. Thread-safe.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create(config);
 *     StandaloneHost host = StandaloneHost.start(system, ChannelAddr.parse("tcp:0.0.0.0:26600"))) {
 *   System.out.println("serving at " + host.addr());
 *   host.whenShutDown().join();
 * }
 * }</pre>
 */
public final class StandaloneHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandaloneHost.class);
  private static final Duration FLUSH_BEFORE_STOP = Duration.ofSeconds(5);

  private final Host<Object, ProcessProcConfig> host;
  private final String procMain;
  private final CompletableFuture<Void> shutDown = new CompletableFuture<>();

  private StandaloneHost(Host<Object, ProcessProcConfig> host, String procMain) {
    this.host = host;
    this.procMain = procMain;
  }

  /**
   * Serves a host of {@code system} at {@code host_addr}, or at any address of {@code
   * default_transport} when that key is unset.
   *
   * @throws IllegalArgumentException when {@code host_addr} is not a channel address
   * @throws io.hyperactor.host.HostException when the host cannot bind its addresses
   */
  public static StandaloneHost start(ActorSystem system) {
    checkNotNull(system, "system");
    HyperactorConfig config = system.config();
    return serve(
        system,
        config.get(HyperactorAttrs.HOST_ADDR).map(StandaloneHost::parseHostAddr).orElse(null));
  }

  /**
   * Serves a host of {@code system} at {@code addr}.
   *
   * @throws io.hyperactor.host.HostException when the host cannot bind its addresses
   */
  public static StandaloneHost start(ActorSystem system, ChannelAddr addr) {
    checkNotNull(system, "system");
    checkNotNull(addr, "addr");
    return serve(system, addr);
  }

  /** Serves a process host with a host agent at {@code addr} (any address when null). */
  static StandaloneHost serve(ActorSystem system, @Nullable ChannelAddr addr) {
    HyperactorConfig config = system.config();
    ChannelTransport transport =
        addr != null ? addr.transport() : config.get(HyperactorAttrs.DEFAULT_TRANSPORT);
    String procMain =
        System.getenv().getOrDefault(HostMain.PROC_MAIN_CLASS_ENV, ProcMain.class.getName());
    ProcessProcManagerOptions options =
        ProcessProcManagerOptions.fromConfig(config).withTransport(transport).withMainClass(procMain);
    Host<Object, ProcessProcConfig> host =
        system.processHost(addr != null ? addr : ChannelAddr.any(transport), options);
    StandaloneHost standalone = new StandaloneHost(host, procMain);
    try {
      host.serve();
      HostAgent.bootOn(host, config, system::bootInJvmAgent, standalone::stopAfterAgentShutdown);
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    log.info("serving host at {} (procs run {})", host.addr(), procMain);
    return standalone;
  }

  private static ChannelAddr parseHostAddr(String text) {
    try {
      return ChannelAddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "host_addr = " + text + " is not a channel address: " + e.getMessage(), e);
    }
  }

  /** The address the host advertises: clients attach to it. */
  public ChannelAddr addr() {
    return host.addr();
  }

  /** The main class of this host's procs. */
  public String procMainClass() {
    return procMain;
  }

  /**
   * Completes once the host is shut down: by a client through its agent (every proc stopped, its
   * last acknowledgement sent, the frontend stopped), or by {@link #close}.
   */
  public CompletableFuture<Void> whenShutDown() {
    return shutDown.copy();
  }

  /**
   * Stops serving, stops every proc (ending its child JVM) and closes the host; returns once all
   * that is done. Later calls do nothing.
   */
  @Override
  public void close() {
    try {
      host.close();
    } finally {
      shutDown.complete(null);
    }
  }

  /**
   * Completes {@link #whenShutDown} once the agent's last acknowledgement has left, and once the
   * frontend has closed its links, which acknowledges every message it took: a client's link to
   * this host then has nothing left to resend.
   */
  private void stopAfterAgentShutdown() {
    Thread.ofPlatform()
        .name("hyperactor-host-shutdown")
        .start(
            () -> {
              try {
                host.serviceProc().forwarder().flush(FLUSH_BEFORE_STOP);
              } catch (Exception e) {
                log.warn("host {}: flush before stopping failed: {}", host.addr(), e.toString());
              }
              try {
                host.stopServing("host shut down")
                    .get(FLUSH_BEFORE_STOP.toMillis(), TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                log.warn("host {}: stopping the frontend failed: {}", host.addr(), e.toString());
              }
              log.info("host {} shut down by a client", host.addr());
              shutDown.complete(null);
            });
  }
}
