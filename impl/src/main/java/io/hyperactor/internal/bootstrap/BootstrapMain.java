package io.hyperactor.internal.bootstrap;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.agent.AgentGateway;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.internal.agent.ProcExitHook;
import io.hyperactor.resource.StopAll;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a child JVM started by the process-forking proc manager becomes a proc (the public entry
 * point is {@code io.hyperactor.runtime.ProcMain}).
 *
 * <p>In order: watch the parent (exit when it dies), read the bootstrap environment (see {@link
 * BootstrapProtocol}), build the proc with the parent's configuration and a forwarder to the host
 * backend, boot its {@link ProcAgent} and {@link AgentGateway}, serve the proc on a fresh address of
 * the backend's transport, and call the host back with that address and the agent's id (these steps
 * are {@link ProcBoot}'s). A {@code stop} line on
 * stdin sends {@link StopAll} to the agent, which exits the process once every actor has stopped
 * (code 0, or 1 when an actor failed). A child that cannot bootstrap prints why on stderr and exits
 * with {@link BootstrapProtocol#BOOTSTRAP_FAILED_EXIT_CODE}.
 */
public final class BootstrapMain {
  private static final Logger log = LoggerFactory.getLogger(BootstrapMain.class);
  private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(30);

  private BootstrapMain() {}

  /**
   * Bootstraps this JVM as a child proc on {@code services}; {@code setup} runs on the proc after
   * its agent booted and before the host is called back (to spawn application actors). Never
   * returns: the process ends when the proc is stopped or the parent dies. A child that cannot
   * bootstrap prints why on stderr and exits with {@link
   * BootstrapProtocol#BOOTSTRAP_FAILED_EXIT_CODE}. The actor system was built before this call,
   * so a pool member cannot run this way: it exits with {@link
   * BootstrapProtocol#POOL_UNSUPPORTED_EXIT_CODE} before it is assigned a proc.
   */
  public static void boot(RuntimeServices services, Consumer<Proc> setup) {
    startWithBuiltSystem().boot(services, setup);
  }

  /**
   * The first step of a child, before its actor system exists: watches the parent (exit when it
   * dies) and reads the bootstrap environment. In a pool member ({@value
   * BootstrapProtocol#POOL_MEMBER_ENV} set) it first loads the runtime's classes and rehearses a
   * proc's boot on a throwaway system from {@code rehearsalSystem} (see {@link PoolRehearsal}),
   * says on stdout that it waits (when its manager reads stdout), then waits for the assignment on
   * stdin, completes the environment with it and installs the configuration it carries as {@link
   * HyperactorConfig#global()}, so the actor system built next has the configuration of the spawn
   * rather than of this JVM's start.
   *
   * @param rehearsalSystem builds the services of a throwaway actor system with the defaults-only
   *     configuration, which must not touch {@link HyperactorConfig#global()}; called at most once,
   *     and only in a pool member
   */
  public static Start start(Supplier<RuntimeServices> rehearsalSystem) {
    return start(false, checkNotNull(rehearsalSystem, "rehearsalSystem"));
  }

  /**
   * As {@link #start(Supplier)}, for a caller that built its actor system already: a pool member
   * cannot allow that, and exits with {@link BootstrapProtocol#POOL_UNSUPPORTED_EXIT_CODE}.
   */
  public static Start startWithBuiltSystem() {
    return start(
        true,
        () -> {
          throw new IllegalStateException("a child with a built system is never rehearsed");
        });
  }

  private static Start start(boolean systemBuilt, Supplier<RuntimeServices> rehearsalSystem) {
    ActorHandleHolder agent = new ActorHandleHolder();
    CompletableFuture<String> assignment = new CompletableFuture<>();
    ParentWatcher.start(
        System.in, agent::stop, assignment::complete, code -> Runtime.getRuntime().halt(code));
    Map<String, String> env = System.getenv();
    String member = env.get(BootstrapProtocol.POOL_MEMBER_ENV);
    if (member == null) {
      return new Start(env, agent);
    }
    if (systemBuilt) {
      System.err.println(
          "this child's main class built its actor system before calling ProcMain.boot, so it"
              + " cannot wait in a warm pool; boot with ProcMain.boot(ActorSystem.Builder, ...) or"
              + " set process_pool_size to 0");
      System.exit(BootstrapProtocol.POOL_UNSUPPORTED_EXIT_CODE);
    }
    try {
      PoolWarmup.run();
      rehearse(member, rehearsalSystem);
      if (env.containsKey(BootstrapProtocol.POOL_WAITING_LINE_ENV)) {
        System.out.println(BootstrapProtocol.POOL_WAITING_LINE);
        System.out.flush();
      }
      Map<String, String> assigned = new HashMap<>(env);
      assigned.remove(BootstrapProtocol.POOL_MEMBER_ENV);
      assigned.remove(BootstrapProtocol.POOL_WAITING_LINE_ENV);
      assigned.putAll(BootstrapProtocol.parseAssign(assignment.join()));
      log.info("pool member assigned proc {}", assigned.get(BootstrapProtocol.PROC_ID_ENV));
      HyperactorConfig.initializeGlobal(HyperactorConfig.loadForEnvironment(assigned));
      return new Start(assigned, agent);
    } catch (RuntimeException e) {
      System.err.println("failed to bootstrap pooled proc: " + e.getMessage());
      log.error("failed to bootstrap pooled proc", e);
      System.exit(BootstrapProtocol.BOOTSTRAP_FAILED_EXIT_CODE);
      throw e;
    }
  }

  /**
   * Rehearses over the transport the pool variable names; a member started by an older host (value
   * {@code 1}) or with an unknown transport skips it.
   */
  private static void rehearse(String transport, Supplier<RuntimeServices> rehearsalSystem) {
    ChannelTransport parsed;
    try {
      parsed = ChannelTransport.parse(transport);
    } catch (IllegalArgumentException e) {
      log.debug("pool member skips the rehearsal: {}", e.getMessage());
      return;
    }
    PoolRehearsal.run(parsed, rehearsalSystem);
  }

  /** A child whose parent is watched and whose bootstrap environment is complete. */
  public static final class Start {
    private final Map<String, String> env;
    private final ActorHandleHolder agent;

    private Start(Map<String, String> env, ActorHandleHolder agent) {
      this.env = env;
      this.agent = agent;
    }

    /** The bootstrap environment: this JVM's, completed by the assignment in a pool member. */
    Map<String, String> env() {
      return env;
    }

    /**
     * Bootstraps this JVM as the proc the environment names, on {@code services}; as {@link
     * BootstrapMain#boot}.
     */
    public void boot(RuntimeServices services, Consumer<Proc> setup) {
      try {
        run(env, agent, services, setup);
      } catch (RuntimeException e) {
        // Printed as well as logged: the parent keeps the stderr tail as the failure's evidence.
        System.err.println("failed to bootstrap proc: " + e.getMessage());
        log.error("failed to bootstrap proc", e);
        System.exit(BootstrapProtocol.BOOTSTRAP_FAILED_EXIT_CODE);
      }
    }
  }

  private static void run(
      Map<String, String> env,
      ActorHandleHolder agent,
      RuntimeServices services,
      Consumer<Proc> setup) {
    ProcId procId = parameter(env, BootstrapProtocol.PROC_ID_ENV, ProcId::parse);
    ChannelAddr backend = parameter(env, BootstrapProtocol.BACKEND_ADDR_ENV, ChannelAddr::parse);
    ChannelAddr callback = parameter(env, BootstrapProtocol.CALLBACK_ADDR_ENV, ChannelAddr::parse);
    String clientConfig = env.get(BootstrapProtocol.CLIENT_CONFIG_ENV);
    if (clientConfig != null) {
      try {
        services.config().setClientOverrides(BootstrapProtocol.decodeClientConfig(clientConfig));
      } catch (IllegalArgumentException e) {
        throw new HostException(
            HostException.Kind.INVALID_PARAMETER,
            "parameter '" + BootstrapProtocol.CLIENT_CONFIG_ENV + "' invalid: " + e.getMessage(),
            e);
      }
    }
    ProcBoot booted =
        ProcBoot.boot(
            services,
            procId,
            backend,
            services.exitHook(),
            ProcExitHook.SYSTEM_EXIT,
            agent::set,
            setup);
    booted.callBack(services.channels(), callback);
    booted.awaitCallBack(CALLBACK_TIMEOUT);
    // Actors may run on daemon or virtual threads: hold the JVM up until the agent's StopAll
    // exit hook or the parent watcher ends the process.
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> T parameter(Map<String, String> env, String key, Function<String, T> parser) {
    String value = env.get(key);
    if (value == null) {
      throw new HostException(
          HostException.Kind.MISSING_PARAMETER,
          "parameter '" + key + "' missing: environment variable not present");
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new HostException(
          HostException.Kind.INVALID_PARAMETER,
          "parameter '" + key + "' invalid: " + e.getMessage(),
          e);
    }
  }

  /** The agent, once booted; stop requests before then stop the process directly. */
  private static final class ActorHandleHolder {
    private volatile @Nullable ActorHandle<Object> handle;

    void set(ActorHandle<Object> agent) {
      handle = agent;
    }

    void stop(String reason) {
      ActorHandle<Object> agent = handle;
      if (agent == null) {
        log.info("stop requested before the agent booted ({}); exiting", reason);
        System.exit(0);
        return;
      }
      log.info("stop requested: {}", reason);
      agent.send(new StopAll(reason));
    }
  }
}
