package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.internal.mesh.HostAgent;
import io.hyperactor.internal.mesh.HostInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of a child JVM that a process host mesh starts as a host.
 *
 * <p>The JVM first becomes a proc of its parent, as {@link ProcMain} does (it restores the
 * parent's configuration and dies with the parent). It then serves a host on the configured
 * {@code default_transport} whose procs are child JVMs of its own, running the main class its
 * parent named (default {@link ProcMain}), runs a host agent on the host's service proc, and tells
 * its parent the host's address. It exits once the host agent has shut the host down. An
 * application whose hosts need message types of their own writes a main class that calls {@link
 * #boot} with a builder that registers them, and names it with {@link
 * HostProcessOptions#withHostMainClass}.
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
  /** The environment variable naming the main class of the host's procs. */
  public static final String PROC_MAIN_CLASS_ENV = "HYPERACTOR_HOST_PROC_MAIN_CLASS";

  private static final Logger log = LoggerFactory.getLogger(HostMain.class);
  private static final Duration FLUSH_BEFORE_EXIT = Duration.ofSeconds(5);

  private HostMain() {}

  /** Boots this JVM as a host with the built-in message types only. */
  public static void main(String[] args) {
    boot(ActorSystem.builder());
  }

  /**
   * Boots this JVM as a host of an actor system built by {@code system} (its configuration is the
   * parent's unless the builder sets one). Never returns: the process ends when the host is shut
   * down or the parent dies.
   */
  public static void boot(ActorSystem.Builder system) {
    checkNotNull(system, "system");
    ActorSystem built = system.build();
    ProcMain.boot(built, proc -> serveHost(built, proc));
  }

  private static void serveHost(ActorSystem system, Proc bootstrapProc) {
    HyperactorConfig config = system.config();
    ChannelTransport transport = config.get(HyperactorAttrs.DEFAULT_TRANSPORT);
    String procMain = System.getenv().getOrDefault(PROC_MAIN_CLASS_ENV, ProcMain.class.getName());
    ProcessProcManagerOptions options =
        ProcessProcManagerOptions.fromConfig(config).withTransport(transport).withMainClass(procMain);
    Host<Object, ProcessProcConfig> host = system.processHost(ChannelAddr.any(transport), options);
    host.serve();
    HostAgent.bootOn(host, config, system::bootInJvmAgent, () -> exitAfterShutdown(host));
    bootstrapProc.spawn(HostInfo.NAME, new HostInfo(host.addr()));
    log.info("serving host at {} (procs run {})", host.addr(), procMain);
  }

  /**
   * Ends the JVM once the agent's last acknowledgement has left, and once the frontend has closed
   * its links, which acknowledges every message it took: a client's link to this host then has
   * nothing left to resend.
   */
  private static void exitAfterShutdown(Host<Object, ProcessProcConfig> host) {
    Thread.ofPlatform()
        .name("hyperactor-host-exit")
        .start(
            () -> {
              try {
                host.serviceProc().forwarder().flush(FLUSH_BEFORE_EXIT);
              } catch (Exception e) {
                log.warn("host {}: flush before exit failed: {}", host.addr(), e.toString());
              }
              try {
                host.stopServing("host shut down")
                    .get(FLUSH_BEFORE_EXIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                log.warn("host {}: stopping the frontend failed: {}", host.addr(), e.toString());
              }
              log.info("host {} shut down; exiting", host.addr());
              Runtime.getRuntime().exit(0);
            });
  }
}
