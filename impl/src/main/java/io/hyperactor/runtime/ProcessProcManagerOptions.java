package io.hyperactor.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.host.Hosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a process host starts its child JVMs.
 *
 * @param java the {@code java} executable
 * @param classPath the child's class path
 * @param mainClass the child's main class ({@link ProcMain} unless the application names its own)
 * @param startupJvmArgs JVM flags for a fast child start-up, placed before {@code jvmArgs} so
 *     that those override them (see {@link #withStartupJvmArgs})
 * @param jvmArgs JVM flags placed before the main class ({@code -Xmx256m}, {@code -D...})
 * @param classDataDir where the children's class-data sharing archives are kept, or null for none
 *     (see {@link #withClassDataDir})
 * @param env extra environment variables for every child
 * @param transport the transport of the host backend and the callback channel
 * @param tailLines stderr and stdout lines kept per child (0 keeps none)
 * @param forwardLogs log each child's output lines through this JVM's SLF4J, as the logger {@code
 *     io.hyperactor.child} with the proc's id and rank in the MDC (stdout at INFO, stderr at WARN);
 *     when false and {@code tailLines} is 0 the child inherits this JVM's stdout and stderr
 * @param prefixWithRank prefix logged lines with {@code [rank] }
 * @param config the configuration children inherit
 * @param poolSize idle child JVMs kept started for the next spawns, 0 for none (see {@link
 *     #withPoolSize})
 */
public record ProcessProcManagerOptions(
    Path java,
    String classPath,
    String mainClass,
    List<String> startupJvmArgs,
    List<String> jvmArgs,
    @Nullable Path classDataDir,
    Map<String, String> env,
    ChannelTransport transport,
    int tailLines,
    boolean forwardLogs,
    boolean prefixWithRank,
    HyperactorConfig config,
    int poolSize) {
  /**
   * The default {@link #startupJvmArgs}, for a quick and light child: {@code
   * -XX:CompileThresholdScaling=4 -XX:+UseSerialGC -Xms16m
   * -Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1
   * -Dio.grpc.netty.shaded.io.netty.allocator.maxOrder=7
   * -Dio.grpc.netty.shaded.io.netty.jfr.enabled=false}, then {@code
   * -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0} on JDK 20 to 25, {@code
   * -XX:TrimNativeHeapInterval=5000} on JDK 22 and later, and the flags that quiet the JDK's
   * warnings.
   *
   * <p>{@code -XX:CompileThresholdScaling=4}: a child compiles a method once it ran four times as
   * often as the JVM's default thresholds ask, so the JIT spends less of the first second on code
   * that is hot only while the child starts (class loading, jar inflation, configuration parsing);
   * code that stays hot reaches the same C1 and C2 versions, a little later, so steady state is
   * unchanged. On a 2-core machine this cut a bootstrapped child's CPU time to ready by about a
   * fifth.
   *
   * <p>The others keep an idle child's resident memory small, since a host runs many children
   * (measured by row 8 of the benchmarks, see {@code docs/performance.md}). The serial collector
   * has no GC threads and no per-region structures (G1's cost a child 10 MB more). A 16 MB initial
   * heap is collected early instead of filling an eden sized from the machine's memory; the heap
   * still grows on demand up to the JVM's default maximum. One pooled direct-memory arena for
   * gRPC's Netty instead of two per core: each arena holds chunks of its own. Chunks of 1 MB
   * instead of gRPC's 2 MB: an idle child holds one chunk, resident in full, and gRPC writes a
   * message in buffers of at most 1 MB, so every buffer it takes still fits a pooled chunk. No JFR events from that Netty: the first chunk its allocator
   * takes registers an event class with the JDK's flight recorder, which loads the recorder's
   * metadata of every event type into a child that records nothing. {@code
   * ArchiveRelocationMode=0} maps the class-data archive (the AOT cache, or the JDK's own) at its
   * preferred address; the default since JDK 20 maps it at a random address and rewrites its
   * pointers, which turns most of the archive, otherwise shared by every child, into private copies
   * in each. The archive then has no address randomization of its own (as on JDK 19 and older).
   * The flag is diagnostic, so it is given only for the releases where it was checked. {@code
   * TrimNativeHeapInterval} returns the C heap that start-up freed (compiler arenas, class-loading
   * buffers) to the system every 5 s.
   *
   * <p>On the JDKs that warn about them, the flags that let the transport's libraries use native
   * access (22 and later: {@code --enable-native-access=ALL-UNNAMED}) and {@code sun.misc.Unsafe}
   * (24 and later: {@code --sun-misc-unsafe-memory-access=allow}) follow, as for this JVM in the
   * project's scripts: without them every child starts by writing the JDK's warnings to stderr,
   * which the host logs as warnings of the proc.
   */
  public static final List<String> DEFAULT_STARTUP_JVM_ARGS =
      defaultStartupJvmArgs(Runtime.version().feature());

  /**
   * The number of pooled direct-memory arenas of the Netty shaded in gRPC (by default twice the
   * cores, each holding chunks of its own).
   */
  private static final String NETTY_DIRECT_ARENAS =
      "-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas";

  /**
   * The size of the chunks of the Netty shaded in gRPC, as a power of two of its 8 KB pages (gRPC
   * chooses 8, 2 MB, when the property is unset).
   */
  private static final String NETTY_MAX_ORDER =
      "-Dio.grpc.netty.shaded.io.netty.allocator.maxOrder";

  /** Whether the Netty shaded in gRPC emits its buffer allocator's JFR events (by default yes). */
  private static final String NETTY_JFR = "-Dio.grpc.netty.shaded.io.netty.jfr.enabled";

  /** The newest JDK feature release on which {@code -XX:ArchiveRelocationMode=0} was checked. */
  private static final int NEWEST_CHECKED_RELOCATION_FEATURE = 25;

  /**
   * The default start-up flags for a child running the JDK of feature release {@code feature}
   * ({@code Runtime.version().feature()}), as {@link #DEFAULT_STARTUP_JVM_ARGS} describes.
   */
  public static List<String> defaultStartupJvmArgs(int feature) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "-XX:CompileThresholdScaling=4",
                "-XX:+UseSerialGC",
                "-Xms16m",
                NETTY_DIRECT_ARENAS + "=1",
                NETTY_MAX_ORDER + "=7",
                NETTY_JFR + "=false"));
    if (feature >= 20 && feature <= NEWEST_CHECKED_RELOCATION_FEATURE) {
      flags.add("-XX:+UnlockDiagnosticVMOptions");
      flags.add("-XX:ArchiveRelocationMode=0");
    }
    if (feature >= 22) {
      flags.add("-XX:TrimNativeHeapInterval=5000");
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(flags);
  }

  public ProcessProcManagerOptions {
    checkNotNull(java, "java");
    checkNotNull(classPath, "classPath");
    checkNotNull(mainClass, "mainClass");
    startupJvmArgs = List.copyOf(checkNotNull(startupJvmArgs, "startupJvmArgs"));
    jvmArgs = List.copyOf(checkNotNull(jvmArgs, "jvmArgs"));
    env = Map.copyOf(checkNotNull(env, "env"));
    checkNotNull(transport, "transport");
    checkArgument(tailLines >= 0, "tailLines must be >= 0, got %s", tailLines);
    checkNotNull(config, "config");
    checkArgument(poolSize >= 0, "poolSize must be >= 0, got %s", poolSize);
  }

  /** Options without a warm pool. */
  public ProcessProcManagerOptions(
      Path java,
      String classPath,
      String mainClass,
      List<String> startupJvmArgs,
      List<String> jvmArgs,
      @Nullable Path classDataDir,
      Map<String, String> env,
      ChannelTransport transport,
      int tailLines,
      boolean forwardLogs,
      boolean prefixWithRank,
      HyperactorConfig config) {
    this(
        java,
        classPath,
        mainClass,
        startupJvmArgs,
        jvmArgs,
        classDataDir,
        env,
        transport,
        tailLines,
        forwardLogs,
        prefixWithRank,
        config,
        0);
  }

  /**
   * Options from {@code config} ({@code default_transport}, {@code tail_log_lines}, {@code
   * prefix_with_rank}, {@code process_pool_size}), logging children's output through SLF4J, running the current JDK's {@code
   * java} with the current class path, and keeping class-data sharing archives in the per-user
   * cache directory ({@code $XDG_CACHE_HOME/hyperactor/cds}, else {@code ~/.cache/hyperactor/cds}).
   */
  public static ProcessProcManagerOptions fromConfig(HyperactorConfig config) {
    return new ProcessProcManagerOptions(
        Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"),
        ProcMain.class.getName(),
        DEFAULT_STARTUP_JVM_ARGS,
        List.of(),
        Hosts.defaultClassDataDir(),
        Map.of(),
        config.get(HyperactorAttrs.DEFAULT_TRANSPORT),
        (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESH_TAIL_LOG_LINES)),
        true,
        config.get(HyperactorAttrs.PREFIX_WITH_RANK),
        config,
        Math.toIntExact(config.get(HyperactorAttrs.PROCESS_POOL_SIZE)));
  }

  /**
   * These options with {@code classPath} as the children's class path (the current JVM's unless
   * changed), in the form of {@code java -cp}.
   *
   * <p>A child opens every jar of its class path and keeps each jar's index of entries in memory
   * for its lifetime: 15 jars of 11,840 entries that an idle child never used cost it 1.7 MB of
   * resident memory (about 140 B per entry; docs/performance.md, "A proc's class path"). A child
   * that needs fewer jars than the application that starts it (the runtime, its transport and the
   * actors it spawns, not the application's other libraries) is lighter with a class path of its
   * own.
   *
   * @throws IllegalArgumentException when {@code classPath} is blank
   */
  public ProcessProcManagerOptions withClassPath(String classPath) {
    checkNotNull(classPath, "classPath");
    checkArgument(!classPath.isBlank(), "a child's class path must not be blank");
    Copy c = new Copy(this);
    c.classPath = classPath;
    return c.build();
  }

  /** These options with {@code className} as the child's main class. */
  public ProcessProcManagerOptions withMainClass(String className) {
    Copy c = new Copy(this);
    c.mainClass = className;
    return c.build();
  }

  /**
   * These options with {@code flags} as the children's start-up flags ({@link
   * #DEFAULT_STARTUP_JVM_ARGS} unless changed; an empty list starts children with the JVM's own
   * defaults). They come before {@link #jvmArgs} on the command line, and HotSpot takes the last
   * value of a repeated flag, so a flag in {@link #withJvmArgs} or a spawn's {@code extraJvmArgs}
   * overrides one here. Two exceptions: another collector needs {@code -XX:-UseSerialGC} before it
   * ({@code -XX:-UseSerialGC -XX:+UseG1GC}; the JVM refuses two), and a maximum heap below 16 MB
   * needs a matching {@code -Xms}. {@code -XX:TieredStopAtLevel=1} (C1 only) saves another tenth of
   * a child's start-up CPU, but caps its steady-state speed; add it only for short-lived children.
   */
  public ProcessProcManagerOptions withStartupJvmArgs(List<String> flags) {
    Copy c = new Copy(this);
    c.startupJvmArgs = flags;
    return c.build();
  }

  /** These options with {@code flags} as the children's JVM flags. */
  public ProcessProcManagerOptions withJvmArgs(List<String> flags) {
    Copy c = new Copy(this);
    c.jvmArgs = flags;
    return c.build();
  }

  /**
   * These options keeping the children's class-data sharing archives in {@code dir}, or with none
   * when {@code dir} is null.
   *
   * <p>A child JVM spends most of its start-up loading, parsing, verifying and linking the classes
   * of the runtime and its transport (a few thousand, from jars). With a directory set, the first
   * child started with a given JDK, class path, main class and flags records the classes it
   * loaded, and every later child maps that archive instead: an AOT cache ({@code -XX:AOTCache},
   * assembled by the manager in the background after the recording child exits) on JDK 25 and
   * later, a dynamic CDS archive ({@code -XX:SharedArchiveFile}, written as the recording child
   * exits) on JDK 19 to 24. On a 2-core machine this cut the CPU time a child needs to become
   * ready from 1.65 s to 0.55 s (AOT cache) or 0.67 s (dynamic archive). The directory is created
   * (mode {@code 700}) when missing, and must belong to this user and be writable by nobody else.
   * Nothing is added to the command line when the class path has an entry that is not a jar file
   * (the JVM cannot archive classes from directories), when the JDK is older than 19 or its {@code
   * release} file is missing, when the directory cannot be created, or when the JVM flags already
   * choose a CDS or AOT mode ({@code -Xshare:off}, {@code -XX:SharedArchiveFile=...}, {@code
   * -XX:AOTCache=...}): flags given through {@link #withJvmArgs} always win. A stale or foreign
   * archive is never used: its name is a hash of everything the JVM checks, jar sizes and times
   * included. The directory keeps the newest four archives.
   */
  public ProcessProcManagerOptions withClassDataDir(@Nullable Path dir) {
    Copy c = new Copy(this);
    c.classDataDir = dir;
    return c.build();
  }

  /** These options with {@code vars} added to every child's environment. */
  public ProcessProcManagerOptions withEnv(Map<String, String> vars) {
    Copy c = new Copy(this);
    c.env = vars;
    return c.build();
  }

  /** These options with {@code t} as the backend and callback transport. */
  public ProcessProcManagerOptions withTransport(ChannelTransport t) {
    Copy c = new Copy(this);
    c.transport = t;
    return c.build();
  }

  /** These options keeping {@code lines} of each child's output. */
  public ProcessProcManagerOptions withTailLines(int lines) {
    Copy c = new Copy(this);
    c.tailLines = lines;
    return c.build();
  }

  /** These options logging (or not) each child's output lines, with (or without) a rank prefix. */
  public ProcessProcManagerOptions withLogForwarding(boolean forward, boolean rankPrefix) {
    Copy c = new Copy(this);
    c.forwardLogs = forward;
    c.prefixWithRank = rankPrefix;
    return c.build();
  }

  /**
   * These options keeping a warm pool of {@code size} idle child JVMs (0: none, every child
   * starts cold).
   *
   * <p>A pool member is started as any child (same {@code java}, class path, main class,
   * start-up flags, JVM flags, environment and class-data archive), loads the runtime's classes
   * and waits on stdin, holding no proc, actor system, channel or proc name. A spawn takes an idle
   * member and sends it its proc id, the backend and callback addresses, the client configuration
   * and the manager's configuration as of that moment; the member then boots as any child, and
   * the pool starts a replacement in the background. A spawn with {@code extraJvmArgs} starts
   * cold, since JVM flags can only be given at start. Members are children like the others: they
   * die with this JVM, {@code close()} kills them, and they count in the manager's pids. The main
   * class must boot with {@link ProcMain#boot(ActorSystem.Builder, java.util.function.Consumer)}
   * (the default main does): one that builds its actor system first cannot wait for an
   * assignment, and the manager then stops pooling. See docs/hosts.md, Warm pool.
   *
   * @throws IllegalArgumentException when {@code size} is negative
   */
  public ProcessProcManagerOptions withPoolSize(int size) {
    Copy c = new Copy(this);
    c.poolSize = size;
    return c.build();
  }

  /** A mutable copy of the options, so that each {@code withX} names only what it changes. */
  private static final class Copy {
    private final Path java;
    private String classPath;
    private String mainClass;
    private List<String> startupJvmArgs;
    private List<String> jvmArgs;
    private @Nullable Path classDataDir;
    private Map<String, String> env;
    private ChannelTransport transport;
    private int tailLines;
    private boolean forwardLogs;
    private boolean prefixWithRank;
    private final HyperactorConfig config;
    private int poolSize;

    Copy(ProcessProcManagerOptions o) {
      java = o.java;
      classPath = o.classPath;
      mainClass = o.mainClass;
      startupJvmArgs = o.startupJvmArgs;
      jvmArgs = o.jvmArgs;
      classDataDir = o.classDataDir;
      env = o.env;
      transport = o.transport;
      tailLines = o.tailLines;
      forwardLogs = o.forwardLogs;
      prefixWithRank = o.prefixWithRank;
      config = o.config;
      poolSize = o.poolSize;
    }

    ProcessProcManagerOptions build() {
      return new ProcessProcManagerOptions(
          java,
          classPath,
          mainClass,
          startupJvmArgs,
          jvmArgs,
          classDataDir,
          env,
          transport,
          tailLines,
          forwardLogs,
          prefixWithRank,
          config,
          poolSize);
    }
  }

  /** Whether children's stdout and stderr are piped to this JVM (else inherited). */
  public boolean capturesStdio() {
    return forwardLogs || tailLines > 0;
  }
}
