package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row 8: the resident memory of an idle forked proc. Starts {@code count} procs on a process host
 * with the given child flags and environment, lets them settle, and reads each child's resident
 * and proportional set sizes from {@code /proc/<pid>/smaps_rollup} and its thread count from
 * {@code /proc/<pid>/status}; then, in a second set of children started with {@code
 * -XX:NativeMemoryTracking=summary} added (tracking costs memory of its own, so the first set is
 * measured without it), what the JVM says it committed, per category, through {@code jcmd <pid>
 * VM.native_memory summary}.
 *
 * <p>The children run {@code ProcMain} with a proc's class path ({@link ClassPath#PROC}): the
 * runtime's jars, listed when the benchmarks were built, not the Pekko side's and Jackson's, which
 * the benchmarks' own class path carries and a child would open without ever using them; {@link
 * ClassPath#WHOLE} measures them with the benchmarks' whole class path.
 *
 * <p>{@code main} measures candidate flag sets, one per argument ({@code label|flags|VAR=value
 * ...|whole}, the last part optional: with it the children have the whole class path); {@code
 * -Dprocmem.hold=<ms>} keeps each set of children alive that long after it was measured, to read
 * their {@code /proc/<pid>/smaps} by hand.
 */
public final class HyperactorProcMemory {
  private HyperactorProcMemory() {}

  /** Which class path the measured children run with. */
  public enum ClassPath {
    /** The runtime's jars and this jar's logging configuration: what an idle proc needs. */
    PROC,
    /** The class path of this JVM: the benchmarks jar and every jar it lists, Pekko's included. */
    WHOLE
  }

  /** The build's list of a proc's jars, relative to the directory of the benchmarks jar. */
  private static final String PROC_CLASS_PATH = "proc-class-path.txt";

  /**
   * How old each child's JVM is when it is measured: three of the default {@code
   * -XX:TrimNativeHeapInterval}. A child returns the native memory of its start-up at the trim 10 s
   * after it started (the one at 5 s comes while start-up still allocates): an idle child read
   * 51.2 MB of PSS at 4-8 s and 46.5-47.3 MB from 10 s to 48 s (docs/performance.md, "An idle
   * child, measured once it is idle").
   */
  private static final Duration SETTLE = Duration.ofSeconds(15);

  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern NMT_TOTAL =
      Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

  /**
   * The mean figures of one set of idle procs, in MiB except {@code threads}.
   *
   * @param nmt committed MiB per native-memory-tracking category ({@code Total} included), empty
   *     when {@code jcmd} could not be run
   */
  public record Figures(double rss, double pss, double anon, double threads, Map<String, Double> nmt) {
    /** The committed MiB of one tracking category, or NaN when it was not reported. */
    public double nmt(String category) {
      return nmt.getOrDefault(category, Double.NaN);
    }
  }

  /**
   * Measures {@code count} idle procs started with {@code startupFlags} (in place of the
   * options' default start-up flags) and {@code env}. The children use the class-data archive,
   * recorded by a first child (and, on JDK 25, assembled) before the measured ones start.
   */
  public static Figures measure(
      int count, List<String> startupFlags, Map<String, String> env, ClassPath classPath)
      throws Exception {
    ProcessProcManagerOptions options = options(startupFlags, env);
    if (classPath == ClassPath.PROC) {
      options = withProcClassPath(options);
    }
    // The first child records the class-data archive; closing its system waits for the assembly.
    withIdleProcs(options, 1, pids -> null);
    double[] sums = new double[4];
    withIdleProcs(options, count, pids -> {
      for (long pid : pids) {
        Map<String, Long> rollup = fields(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
        Map<String, Long> status = fields(Path.of("/proc", Long.toString(pid), "status"));
        sums[0] += rollup.getOrDefault("Rss", 0L) / 1024.0;
        sums[1] += rollup.getOrDefault("Pss", 0L) / 1024.0;
        sums[2] += rollup.getOrDefault("Anonymous", 0L) / 1024.0;
        sums[3] += status.getOrDefault("Threads", 0L);
      }
      return null;
    });
    List<String> tracked = new ArrayList<>(options.jvmArgs());
    tracked.add("-XX:NativeMemoryTracking=summary");
    ProcessProcManagerOptions trackedOptions = options.withJvmArgs(tracked);
    withIdleProcs(trackedOptions, 1, pids -> null);
    Map<String, Double> nmt = new LinkedHashMap<>();
    withIdleProcs(trackedOptions, count, pids -> {
      // JDK 25's VM.native_memory crashes a JVM that records an AOT configuration (a null archive
      // in FileMapInfo::readonly_total): ask only the children that do not record.
      List<Long> asked = pids.stream().filter(pid -> !recording(pid)).toList();
      for (long pid : asked) {
        nativeMemory(pid).forEach((category, mib) -> nmt.merge(category, mib / asked.size(), Double::sum));
      }
      return null;
    });
    return new Figures(sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count, nmt);
  }

  private static ProcessProcManagerOptions options(List<String> startupFlags, Map<String, String> env) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
    return ProcessProcManagerOptions.fromConfig(config)
        .withTransport(ChannelTransport.UNIX)
        .withStartupJvmArgs(startupFlags)
        .withEnv(env);
  }

  /**
   * {@code options} with a proc's class path: the jars the build listed in {@value
   * #PROC_CLASS_PATH}, found next to the benchmarks jar, and the logging configuration of that jar
   * (a child without one would log at debug level).
   *
   * @throws IllegalStateException when this class was not loaded from the benchmarks jar
   */
  private static ProcessProcManagerOptions withProcClassPath(ProcessProcManagerOptions options)
      throws IOException, URISyntaxException {
    Path jar = Path.of(
        HyperactorProcMemory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "a proc's class path is listed in the benchmarks jar; " + jar + " is not a jar");
    }
    String listed;
    try (InputStream in = HyperactorProcMemory.class.getResourceAsStream(PROC_CLASS_PATH)) {
      if (in == null) {
        throw new IllegalStateException(jar + " has no " + PROC_CLASS_PATH);
      }
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    List<String> entries = new ArrayList<>();
    for (String entry : listed.split(":")) {
      Path path = jar.resolveSibling(entry);
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException(
            "a proc's class path names " + entry + ", which is not next to " + jar);
      }
      entries.add(path.toString());
    }
    List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
    jvmArgs.add("-Dlogback.configurationFile=jar:" + jar.toUri() + "!/logback.xml");
    return options.withClassPath(String.join(File.pathSeparator, entries)).withJvmArgs(jvmArgs);
  }

  private interface IdleProbe {
    Void probe(List<Long> pids) throws Exception;
  }

  /** Spawns {@code count} procs, waits until they settled, probes their pids, then stops them. */
  private static void withIdleProcs(ProcessProcManagerOptions options, int count, IdleProbe probe)
      throws Exception {
    try (ActorSystem system =
        ActorSystem.builder().config(options.config()).exitHook(code -> {}).build()) {
      Host<Object, ProcessProcConfig> host =
          system.processHost(ChannelAddr.any(ChannelTransport.UNIX), options);
      HyperactorProcSpawn.spawnConcurrently(host, count);
      List<ProcessHandle> children = ProcessHandle.current().children()
          .filter(child -> child.info().commandLine().orElse("").contains(options.mainClass()))
          .toList();
      if (children.size() != count) {
        throw new IllegalStateException("expected " + count + " child procs, found " + children);
      }
      Instant youngest = children.stream()
          .map(child -> child.info().startInstant().orElseThrow(
              () -> new IllegalStateException("no start time for child " + child.pid())))
          .max(Comparator.naturalOrder())
          .orElseThrow();
      Duration untilSettled = Duration.between(Instant.now(), youngest.plus(SETTLE));
      if (!untilSettled.isNegative()) {
        Thread.sleep(untilSettled);
      }
      List<Long> pids = children.stream().map(ProcessHandle::pid).toList();
      // A child that records the archive maps none, by design: only the others count here.
      long withoutArchive = pids.stream()
          .map(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse(""))
          .filter(line -> !line.contains("-XX:AOTCache=") && !line.contains("-XX:SharedArchiveFile="))
          .filter(line -> !line.contains("-XX:AOTMode=record") && !line.contains("-XX:ArchiveClassesAtExit="))
          .count();
      if (withoutArchive > 0) {
        System.out.println("note: " + withoutArchive + " of " + count
            + " children ran without the class archive (its recording failed or was cut short)");
      }
      probe.probe(pids);
      Thread.sleep(Long.getLong("procmem.hold", 0));
      // A recording child writes its class list as it exits, which takes long on a loaded machine.
      host.terminateChildren(Duration.ofMinutes(3), count, "benchmark finished");
      awaitArchiveAssembly();
    }
  }

  /**
   * Waits for the AOT cache assembly the manager may have started after a recording child exited:
   * closing the system gives it 60 s only, too little on a loaded machine, and the measured
   * children would then run without the archive.
   */
  private static void awaitArchiveAssembly() throws InterruptedException {
    // The manager starts the assembly once it has seen the recording child exit: give it a moment.
    long appear = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < appear && !assembling()) {
      Thread.sleep(200);
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline && assembling()) {
      Thread.sleep(500);
    }
  }

  private static boolean recording(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(child -> child.info().commandLine())
        .orElse("")
        .contains("-XX:AOTMode=record");
  }

  private static boolean assembling() {
    return ProcessHandle.current().children()
        .anyMatch(child -> child.info().commandLine().orElse("").contains("-XX:AOTMode=create"));
  }

  /** The numeric fields of a {@code /proc} file of {@code Name: value [kB]} lines. */
  private static Map<String, Long> fields(Path file) throws IOException {
    Map<String, Long> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] value = line.substring(colon + 1).trim().split("\\s+");
      if (value.length > 0 && value[0].matches("\\d+")) {
        fields.put(line.substring(0, colon).trim(), Long.parseLong(value[0]));
      }
    }
    return fields;
  }

  /** Committed MiB per category from {@code jcmd <pid> VM.native_memory summary}. */
  private static Map<String, Double> nativeMemory(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(
            jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary", "scale=KB")
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid + " VM.native_memory failed: " + output);
    }
    Map<String, Double> committed = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      String trimmed = line.trim();
      Matcher total = NMT_TOTAL.matcher(trimmed);
      if (total.find()) {
        committed.put("Total", Long.parseLong(total.group(2)) / 1024.0);
      }
      Matcher category = NMT_CATEGORY.matcher(trimmed);
      if (category.find()) {
        committed.put(category.group(1).trim(), Long.parseLong(category.group(3)) / 1024.0);
      }
      if (trimmed.startsWith("(threads #")) {
        committed.putIfAbsent("threads #",
            Double.parseDouble(trimmed.replaceAll("[^0-9]", "")));
      }
    }
    return committed;
  }

  /** Prints the figures of one configuration, for the candidates' comparison. */
  public static void print(String label, Figures f) {
    StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT,
        "%s: RSS %.1f MiB, PSS %.1f, anon %.1f, threads %.1f; NMT committed:",
        label, f.rss(), f.pss(), f.anon(), f.threads()));
    f.nmt().forEach((k, v) -> out.append(String.format(java.util.Locale.ROOT, " %s %.1f;", k, v)));
    System.out.println(out);
  }

  /** Measures configurations given as arguments: {@code label|flag flag...|VAR=value ...}. */
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      String[] parts = arg.split("\\|", -1);
      List<String> flags = parts.length > 1 && !parts[1].isBlank()
          ? List.of(parts[1].trim().split("\\s+")) : List.of();
      Map<String, String> env = new LinkedHashMap<>();
      if (parts.length > 2 && !parts[2].isBlank()) {
        for (String kv : parts[2].trim().split("\\s+")) {
          env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      ClassPath classPath =
          parts.length > 3 && parts[3].trim().equals("whole") ? ClassPath.WHOLE : ClassPath.PROC;
      print(parts[0], measure(4, flags, env, classPath));
    }
  }
}
