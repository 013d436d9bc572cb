package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.Attr;
import io.hyperactor.config.ConfigLayer;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.HostException;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcManager;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.host.TerminateSummary;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proc manager that runs each proc in its own child JVM.
 *
 * <p>{@link #spawn} binds a callback channel, starts {@code java <class-data sharing flags>
 * <start-up flags> <jvm flags> -cp <class path> <main class>} (see {@link
 * ProcessProcManagerOptions#withClassDataDir} and {@link
 * ProcessProcManagerOptions#withStartupJvmArgs}) with the bootstrap environment ({@link
 * BootstrapProtocol}) and the serialized configuration, and returns at once; the handle becomes
 * Ready when the child calls back, and terminal when the exit monitor sees the process end. The
 * manager owns every child: {@link #close()} kills and reaps those still running, and gives an AOT
 * cache assembly still running up to a minute to finish. A child whose manager's JVM dies exits by
 * itself (see {@link io.hyperactor.internal.bootstrap.BootstrapMain}).
 *
 * <p>With {@link ProcessProcManagerOptions#poolSize()} above 0 the manager keeps a {@link
 * ProcessPool} of idle child JVMs started the same way; a spawn without extra JVM flags takes one
 * and writes it the same bootstrap variables, with the configuration as of the spawn, on its
 * stdin instead of starting a JVM. Idle members are children like the others: listed by {@link
 * #pids()}, killed by {@link #close()}, and gone when this JVM dies.
 *
 * <pre>{@code
 * try (ProcessProcManager manager =
 *     new ProcessProcManager(ProcessProcManagerOptions.fromConfig(HyperactorConfig.global()))) {
 *   ProcHandle<Object> proc = manager.spawn(procId, backendAddr, ProcessProcConfig.DEFAULT);
 *   proc.ready().get(30, SECONDS);
 * }
 * }</pre>
 */
public final class ProcessProcManager implements ProcManager<Object, ProcessProcConfig> {
  private static final Logger log = LoggerFactory.getLogger(ProcessProcManager.class);
  private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);

  /** The process-local keys a child is given explicitly ({@link #passTlsKeys}). */
  private static final ImmutableList<Attr<?>> TLS_KEYS =
      ImmutableList.of(
          HyperactorAttrs.TLS_CERT,
          HyperactorAttrs.TLS_KEY,
          HyperactorAttrs.TLS_CA,
          HyperactorAttrs.TLS_ALLOWED_SUBJECTS);
  /** Bootstrap variables a child must never inherit from this JVM, which may be a child itself. */
  private static final ImmutableList<String> INHERITED_BOOTSTRAP_VARS =
      ImmutableList.of(
          BootstrapProtocol.PROC_ID_ENV,
          BootstrapProtocol.BACKEND_ADDR_ENV,
          BootstrapProtocol.CALLBACK_ADDR_ENV,
          BootstrapProtocol.CLIENT_CONFIG_ENV,
          BootstrapProtocol.POOL_MEMBER_ENV,
          BootstrapProtocol.POOL_WAITING_LINE_ENV,
          HyperactorConfig.CHILD_CONFIG_ENV);

  // A pooled proc normally calls back within a second; a stuck one must not stop the refill.
  private static final Duration REFILL_AFTER_TAKE_AT_LATEST = Duration.ofSeconds(5);

  // An AOT cache assembly takes a few seconds of CPU; letting it finish serves the next manager.
  private static final Duration ARCHIVE_ASSEMBLY_GRACE = Duration.ofSeconds(60);

  private final ProcessProcManagerOptions options;
  private final Channels channels;
  private final @Nullable ClassDataArchive archives;
  private final @Nullable ProcessPool pool;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<ProcId, ProcessProcHandle> children = new LinkedHashMap<>();
  private final List<ProcessProcHandle> released = new ArrayList<>();
  private boolean closed;

  /**
   * The TLS keys are process-local, so the serialized configuration leaves them out; a child proc
   * dials and serves {@code tls:} addresses like its host, so it is given the host's values as
   * environment variables (which a child reads as its own). Keys at their defaults are left to
   * the environment the child inherits.
   */
  static void passTlsKeys(HyperactorConfig config, Map<String, String> env) {
    for (Attr<?> attr : TLS_KEYS) {
      if (config.layerOf(attr) != ConfigLayer.DEFAULT) {
        env.put(attr.envVar(), formatted(config, attr));
      }
    }
  }

  private static <T> String formatted(HyperactorConfig config, Attr<T> attr) {
    return attr.type().format(config.get(attr));
  }

  /** A manager that starts children as {@code options} say, serving callbacks on {@code channels}. */
  public ProcessProcManager(ProcessProcManagerOptions options, Channels channels) {
    this(options, channels, null);
  }

  /** A manager whose archives have {@code format} (null: the best the children's JDK has). */
  ProcessProcManager(
      ProcessProcManagerOptions options,
      Channels channels,
      ClassDataArchive.@Nullable Format format) {
    this.options = checkNotNull(options, "options");
    this.channels = checkNotNull(channels, "channels");
    Path dir = options.classDataDir();
    this.archives = dir == null ? null : new ClassDataArchive(dir, options.java(), format);
    if (options.poolSize() > 0) {
      this.pool = new ProcessPool(options.poolSize(), this::startPoolMember);
      pool.fill();
    } else {
      this.pool = null;
    }
  }

  @Override
  public ChannelTransport transport() {
    return options.transport();
  }

  @Override
  public ProcHandle<Object> spawn(
      ProcId procId, ChannelAddr forwarderAddr, @Nullable ProcessProcConfig config) {
    checkNotNull(procId, "procId");
    checkNotNull(forwarderAddr, "forwarderAddr");
    ProcessProcConfig procConfig = config == null ? ProcessProcConfig.DEFAULT : config;
    synchronized (lock) {
      if (closed) {
        throw new HostException(
            HostException.Kind.CLOSED, "cannot spawn proc '" + procId + "': manager is closed");
      }
      checkArgument(!children.containsKey(procId), "proc '%s' is already managed here", procId);
    }
    Rx<String> callback;
    try {
      callback = channels.serve(ChannelAddr.any(options.transport()), ChannelCodec.utf8());
    } catch (ChannelException e) {
      throw new HostException(
          HostException.Kind.CHANNEL,
          "proc '" + procId + "': cannot bind a callback channel: " + e.getMessage(),
          e);
    }
    ProcessPool.Member member =
        pool != null && procConfig.extraJvmArgs().isEmpty() ? takeFromPool() : null;
    Map<String, String> bootstrap = new LinkedHashMap<>();
    bootstrap.put(BootstrapProtocol.PROC_ID_ENV, procId.toString());
    bootstrap.put(BootstrapProtocol.BACKEND_ADDR_ENV, forwarderAddr.toString());
    bootstrap.put(BootstrapProtocol.CALLBACK_ADDR_ENV, callback.addr().toString());
    // The configuration as of this spawn, for a pooled JVM as for a cold one.
    bootstrap.put(HyperactorConfig.CHILD_CONFIG_ENV, options.config().serializeForChild());
    passTlsKeys(options.config(), bootstrap);
    if (!procConfig.clientConfig().isEmpty()) {
      bootstrap.put(
          BootstrapProtocol.CLIENT_CONFIG_ENV,
          BootstrapProtocol.encodeClientConfig(procConfig.clientConfig()));
    }
    while (member != null && !assign(member, bootstrap)) {
      pool.assigned();
      member = takeFromPool();
    }
    Started started;
    if (member != null) {
      started = new Started(member.process(), member.sharing(), member.out(), member.err());
      ChildOutputLog outLog = outputLog(procId, procConfig, ChildOutputLog.Stream.STDOUT);
      ChildOutputLog errLog = outputLog(procId, procConfig, ChildOutputLog.Stream.STDERR);
      if (member.out() != null) {
        member.out().forwardTo(outLog);
      }
      if (member.err() != null) {
        member.err().forwardTo(errLog);
      }
    } else {
      try {
        started =
            startJvm(
                "proc '" + procId + "'",
                procConfig.extraJvmArgs(),
                bootstrap,
                outputLog(procId, procConfig, ChildOutputLog.Stream.STDOUT),
                outputLog(procId, procConfig, ChildOutputLog.Stream.STDERR),
                null);
      } catch (HostException e) {
        callback.close();
        throw e;
      }
    }
    Process process = started.process();
    ClassDataArchive.Plan sharing = started.sharing();
    ClassDataArchive recorder = archives;
    ProcessProcHandle handle =
        new ProcessProcHandle(
            procId,
            process,
            callback,
            started.out(),
            started.err(),
            recorder == null || sharing.recordingTo() == null
                ? exitValue -> {}
                : exitValue -> recorder.finish(sharing, exitValue));
    boolean closedMeanwhile;
    synchronized (lock) {
      closedMeanwhile = closed;
      if (!closedMeanwhile) {
        children.put(procId, handle);
      }
    }
    if (closedMeanwhile) {
      handle.reap(REAP_TIMEOUT);
      throw new HostException(
          HostException.Kind.CLOSED, "cannot spawn proc '" + procId + "': manager is closed");
    }
    handle.start();
    if (member != null && pool != null) {
      // Refill once the proc booted, or exited, or after a bound should it never call back.
      ProcessPool refill = pool;
      CompletableFuture.anyOf(handle.ready(), handle.waitForExit())
          .completeOnTimeout(null, REFILL_AFTER_TAKE_AT_LATEST.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((ignored, error) -> refill.assigned());
    }
    if (member != null) {
      log.info("assigned proc {} to pooled pid {}", procId, process.pid());
    } else {
      log.info("spawned proc {} as pid {}", procId, process.pid());
    }
    return handle;
  }

  private ProcessPool.@Nullable Member takeFromPool() {
    ProcessPool p = pool;
    // A member slower than a proc may be to call back is stuck.
    return p == null
        ? null
        : p.take(options.config().get(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT));
  }

  /** Sends {@code member} its assignment; false when it is gone (the pipe is broken). */
  private static boolean assign(ProcessPool.Member member, Map<String, String> bootstrap) {
    try {
      OutputStream stdin = member.process().getOutputStream();
      stdin.write(
          (BootstrapProtocol.encodeAssign(bootstrap) + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException e) {
      log.warn(
          "pool member pid {} could not be assigned ({}); trying another",
          member.process().pid(),
          e.toString());
      member.process().destroyForcibly();
      return false;
    }
  }

  private @Nullable ChildOutputLog outputLog(
      ProcId procId, ProcessProcConfig procConfig, ChildOutputLog.Stream stream) {
    if (!options.forwardLogs()) {
      return null;
    }
    String prefix = options.prefixWithRank() ? "[" + procConfig.rank() + "] " : "";
    return new ChildOutputLog(procId, procConfig.rank(), stream, prefix);
  }

  /** A started child JVM: its process, its class-data plan, and its stdio pumps if captured. */
  private record Started(
      Process process,
      ClassDataArchive.Plan sharing,
      @Nullable StdioPump out,
      @Nullable StdioPump err) {}

  /**
   * Starts a child JVM with {@code extraJvmArgs} and {@code bootstrap} over the manager's
   * environment; the bootstrap variables of an inherited environment (this JVM may be a child
   * itself) never reach it.
   */
  private Started startJvm(
      String what,
      List<String> extraJvmArgs,
      Map<String, String> bootstrap,
      @Nullable ChildOutputLog outLog,
      @Nullable ChildOutputLog errLog,
      @Nullable Runnable onPoolWaiting) {
    ClassDataArchive.Plan sharing =
        archives == null
            ? ClassDataArchive.Plan.NONE
            : archives.plan(
                options.classPath(),
                options.mainClass(),
                ImmutableList.<String>builder()
                    .addAll(options.startupJvmArgs())
                    .addAll(options.jvmArgs())
                    .addAll(extraJvmArgs)
                    .build());
    ImmutableList<String> command = command(sharing.flags(), extraJvmArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.putAll(options.env());
    for (String inherited : INHERITED_BOOTSTRAP_VARS) {
      env.remove(inherited);
    }
    env.putAll(bootstrap);
    // stdin stays a pipe: it carries stop requests, and its EOF tells the child we are gone.
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    if (!options.capturesStdio()) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      if (archives != null) {
        archives.abandon(sharing);
      }
      throw new HostException(
          HostException.Kind.PROCESS_SPAWN_FAILURE,
          what
              + " (command: "
              + String.join(" ", command)
              + ") failed to spawn process: "
              + e.getMessage(),
          e);
    }
    StdioPump out = null;
    StdioPump err = null;
    if (options.capturesStdio()) {
      out =
          StdioPump.start(
              "hyperactor-stdout-" + process.pid(),
              process.getInputStream(),
              options.tailLines(),
              outLog,
              onPoolWaiting);
      err =
          StdioPump.start(
              "hyperactor-stderr-" + process.pid(),
              process.getErrorStream(),
              options.tailLines(),
              errLog);
    }
    log.debug("started {} as pid {}: {}", what, process.pid(), command);
    return new Started(process, sharing, out, err);
  }

  /**
   * Starts an idle pool member: no proc variables, no output log until it is assigned; its pool
   * variable names the transport it rehearses a proc's boot over.
   */
  private ProcessPool.Member startPoolMember() {
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    Map<String, String> poolVars = new LinkedHashMap<>();
    poolVars.put(BootstrapProtocol.POOL_MEMBER_ENV, options.transport().toString());
    if (options.capturesStdio()) {
      poolVars.put(BootstrapProtocol.POOL_WAITING_LINE_ENV, "1");
    } else {
      // Nothing reads the member's stdout: it counts as waiting from its start.
      waiting.complete(null);
    }
    Started started =
        startJvm(
            "a pool member",
            ImmutableList.of(),
            poolVars,
            null,
            null,
            () -> waiting.complete(null));
    ClassDataArchive recorder = archives;
    ClassDataArchive.Plan sharing = started.sharing();
    return new ProcessPool.Member(
        started.process(),
        sharing,
        started.out(),
        started.err(),
        recorder == null || sharing.recordingTo() == null
            ? exitValue -> {}
            : exitValue -> recorder.finish(sharing, exitValue),
        new AtomicBoolean(),
        waiting);
  }

  /** The child's command line; the flags the manager chooses come first so user flags win. */
  private ImmutableList<String> command(
      ImmutableList<String> sharingFlags, List<String> extraJvmArgs) {
    return ImmutableList.<String>builder()
        .add(options.java().toString())
        .addAll(sharingFlags)
        .addAll(options.startupJvmArgs())
        .addAll(options.jvmArgs())
        .addAll(extraJvmArgs)
        .add("-cp", options.classPath(), options.mainClass())
        .build();
  }

  @Override
  public Optional<ProcHandle<Object>> handle(ProcId procId) {
    synchronized (lock) {
      return Optional.ofNullable(children.get(procId));
    }
  }

  /**
   * How many lines of each stream of each child this manager keeps ({@code tail_log_lines}); 0
   * when it keeps none.
   */
  public int tailLines() {
    return options.tailLines();
  }

  /**
   * The last {@code maxLines} lines child {@code procId} wrote to stdout and stderr, tagged with
   * their stream and merged in the order they were read, oldest first; empty when this manager
   * has no child of that id. A child that exited keeps its lines until it is terminated through
   * the manager. With {@link #tailLines()} 0 the list is always empty.
   *
   * @throws IllegalArgumentException when {@code maxLines} is not positive
   */
  public Optional<ImmutableList<ProcLogs.Line>> outputTail(ProcId procId, int maxLines) {
    checkNotNull(procId, "procId");
    checkArgument(maxLines > 0, "maxLines must be positive, got %s", maxLines);
    ProcessProcHandle handle;
    synchronized (lock) {
      handle = children.get(procId);
    }
    return handle == null ? Optional.empty() : Optional.of(handle.outputTail(maxLines));
  }

  /**
   * The OS pids of the child JVMs this manager owns: the procs it still tracks, then the idle
   * members of its warm pool.
   */
  public ImmutableList<Long> pids() {
    ImmutableList.Builder<Long> pids = ImmutableList.builder();
    synchronized (lock) {
      children.values().forEach(h -> pids.add(h.pid().orElseThrow()));
    }
    return pids.addAll(poolPids()).build();
  }

  /** The OS pids of the idle members of the warm pool (empty without a pool). */
  public ImmutableList<Long> poolPids() {
    return pool == null ? ImmutableList.of() : pool.pids();
  }

  @Override
  public ProcStatus terminateProc(ProcId procId, Duration timeout, String reason) {
    ProcessProcHandle handle;
    synchronized (lock) {
      handle = children.remove(procId);
      if (handle != null) {
        released.add(handle);
      }
    }
    if (handle == null) {
      throw new HostException(HostException.Kind.NO_SUCH_PROC, "proc doesn't exist: " + procId);
    }
    return Terminations.terminate(handle, timeout, reason);
  }

  @Override
  public TerminateSummary terminateAll(Duration timeout, int maxInFlight, String reason) {
    List<ProcHandle<Object>> all;
    synchronized (lock) {
      all = new ArrayList<>(children.values());
      released.addAll(children.values());
      children.clear();
    }
    return Terminations.terminateAll(all, timeout, maxInFlight, reason);
  }

  @Override
  public void close() {
    List<ProcessProcHandle> all;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(children.values());
      all.addAll(released);
      children.clear();
      released.clear();
    }
    if (pool != null) {
      pool.close();
    }
    for (ProcessProcHandle handle : all) {
      handle.reap(REAP_TIMEOUT);
    }
    if (archives != null) {
      archives.close(ARCHIVE_ASSEMBLY_GRACE);
    }
  }
}
