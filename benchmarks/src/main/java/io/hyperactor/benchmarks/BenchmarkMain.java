package io.hyperactor.benchmarks;

import io.hyperactor.benchmarks.hyperactor.HyperactorLocal;
import io.hyperactor.benchmarks.hyperactor.HyperactorMesh;
import io.hyperactor.benchmarks.hyperactor.HyperactorProcMemory;
import io.hyperactor.benchmarks.hyperactor.HyperactorProcSpawn;
import io.hyperactor.benchmarks.grpc.RawGrpcRemote;
import io.hyperactor.benchmarks.hyperactor.HyperactorRemote;
import io.hyperactor.benchmarks.hyperactor.HyperactorSavina;
import io.hyperactor.benchmarks.pekko.PekkoLocal;
import io.hyperactor.benchmarks.pekko.PekkoMesh;
import io.hyperactor.benchmarks.pekko.PekkoRemote;
import io.hyperactor.benchmarks.pekko.PekkoSavina;
import io.hyperactor.benchmarks.savina.Savina;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs every scenario for both runtimes in this one JVM run and prints the table. {@code --quick}
 * shrinks every size tenfold for a smoke run; {@code --only local} (or {@code --only remote},
 * {@code --only savina}, {@code --only mesh}) runs just that part, {@code --only spawn} rows 7
 * and 8 (forked proc start-up and resident memory), and {@code --only procmem} row 8 alone.
 *
 * <p>Where a row compares the runtimes, their runs take turns, with a reading of the machine's
 * core-to-core speed before each turn (see {@link Measure#alternating} and {@link CoreToCore}).
 */
public final class BenchmarkMain {
  private static final int WARMUPS = 2;
  private static final int RUNS = 3;
  /** Savina iterations are short (tens of ms): more of them, for a steadier median. */
  private static final int SAVINA_WARMUPS = 3;
  private static final int SAVINA_RUNS = 7;
  /**
   * The least time the two runtimes' Savina warm-ups take together: PingPong and ThreadRing run
   * in 15-30 ms, and three runs of them leave both runtimes' hot paths not yet compiled.
   */
  private static final long SAVINA_WARMUP_MILLIS = 3_000;

  private final int scale;
  private final List<Row> rows = new ArrayList<>();
  /** Readings of the machine's core-to-core speed, taken before each pair of measured runs. */
  private final CoreToCore.Readings machine = new CoreToCore.Readings();

  private BenchmarkMain(int scale) {
    this.scale = scale;
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = List.of(args);
    boolean quick = arguments.contains("--quick");
    int only = arguments.indexOf("--only");
    String part = only < 0 ? "all" : only + 1 < arguments.size() ? arguments.get(only + 1) : "";
    if (!List.of("all", "local", "remote", "spawn", "procmem", "savina", "mesh").contains(part)) {
      throw new IllegalArgumentException(
          "--only expects 'local', 'remote', 'spawn', 'procmem', 'savina' or 'mesh', got '"
              + part
              + "'");
    }
    BenchmarkMain main = new BenchmarkMain(quick ? 10 : 1);
    System.out.printf(Locale.ROOT, "JDK %s (%s), %d cores, max heap %d MiB%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    if (part.equals("all") || part.equals("local")) {
      main.local();
    }
    if (part.equals("all") || part.equals("remote")) {
      main.remote();
    }
    if (part.equals("all") || part.equals("savina")) {
      main.savina();
    }
    if (part.equals("all") || part.equals("mesh")) {
      main.mesh();
    }
    if (part.equals("all") || part.equals("remote") || part.equals("spawn")) {
      main.procSpawn();
    }
    if (part.equals("all") || part.equals("spawn") || part.equals("procmem")) {
      main.procMemory();
    }
    main.machineRows();
    System.out.println();
    System.out.print(Table.render(main.rows));
  }

  /**
   * {@link Measure#alternating}, with a reading of the machine before each measured pair; the
   * readings go to the log after the row.
   */
  private Measure.Medians alternating(int warmups, int runs, Measure.Run ours, Measure.Run pekko)
      throws Exception {
    return alternating(warmups, 0, runs, ours, pekko);
  }

  private Measure.Medians alternating(
      int warmups, long warmupMillis, int runs, Measure.Run ours, Measure.Run pekko)
      throws Exception {
    int from = machine.count();
    Measure.Medians medians =
        Measure.alternating(warmups, warmupMillis, runs, ours, pekko, machine);
    logReadingsSince(from);
    return medians;
  }

  /** Logs the machine's readings from the {@code from}-th on: those taken before a row's turns. */
  private void logReadingsSince(int from) {
    System.out.println("  core-to-core round trips (M/s) before each turn: " + machine.since(from));
  }

  /** The lowest and highest readings of the machine in this run, if any were taken. */
  private void machineRows() {
    if (machine.isEmpty()) {
      return;
    }
    rows.add(new Row("0a. machine: core-to-core round trips, lowest", "trips/s", machine.min(),
        null, null, true));
    rows.add(new Row("0b. machine: core-to-core round trips, highest", "trips/s", machine.max(),
        null, null, true));
  }

  private void progress(String scenario) {
    System.out.println("running: " + scenario);
  }

  private void local() throws Exception {
    long roundTrips = 1_000_000 / scale;
    long perSender = 1_000_000 / scale;
    // Both runtimes stay open for these rows, so that their runs can take turns.
    try (PekkoLocal pekko = new PekkoLocal(); HyperactorLocal ours = new HyperactorLocal()) {
      progress("local ping-pong");
      int[] oursRun = {0};
      int[] pekkoRun = {0};
      Measure.Medians pingPong = alternating(WARMUPS, RUNS,
          () -> ours.pingPong(roundTrips, oursRun[0]++),
          () -> pekko.pingPong(roundTrips, pekkoRun[0]++));
      rows.add(new Row("1. local ping-pong, 2 actors", "msg/s", pingPong.ours(), pingPong.pekko(),
          null, true));

      progress("local fan-in");
      Measure.Medians fanIn = alternating(WARMUPS, RUNS,
          () -> ours.fanIn(4, perSender, 1_000, oursRun[0]++),
          () -> pekko.fanIn(4, perSender, 1_000, pekkoRun[0]++));
      rows.add(new Row("2. local fan-in, 4 -> 1, window 1000", "msg/s", fanIn.ours(),
          fanIn.pekko(), null, true));
    }

    int actors = 100_000 / scale;
    progress("spawn " + actors + " actors");
    PekkoLocal.SpawnResult pekkoSpawn;
    try (PekkoLocal pekko = new PekkoLocal()) {
      pekko.spawn(actors, -1);
      pekkoSpawn = pekko.spawn(actors, 0);
    }
    HyperactorLocal.SpawnResult oursSpawn;
    try (HyperactorLocal ours = new HyperactorLocal()) {
      ours.spawn(actors, -1);
      oursSpawn = ours.spawn(actors, 0);
    }
    rows.add(new Row("3a. spawn " + actors + " actors", "actors/s",
        oursSpawn.actorsPerSecond(), pekkoSpawn.actorsPerSecond(), null, true));
    rows.add(new Row("3b. retained heap per actor", "bytes",
        oursSpawn.bytesPerActor(), pekkoSpawn.bytesPerActor(), null, false));
  }

  /** Our figures on one transport: 100 B msg/s, 64 KiB MB/s, sorted round trips. */
  private record RemoteFigures(double small, double large, long[] rtt) {}

  /** Messages per second of 100 B messages, window 1,000. */
  private static Measure.Run smallRate(RemoteDriver.Link link, long messages) {
    return () -> RemoteDriver.throughput(link, 100, messages, 1_000, 3);
  }

  /** MB per second of 64 KiB messages, window 20. */
  private static Measure.Run largeRate(RemoteDriver.Link link, long messages) {
    return () -> RemoteDriver.throughput(link, 64 * 1024, messages, 20, 3) * 64 * 1024 / 1e6;
  }

  /** Our figures alone on {@code transport} (the Unix rows, which Pekko cannot run). */
  private RemoteFigures hyperactorRemote(ChannelTransport transport, long small, long large, int samples)
      throws Exception {
    progress("remote throughput and latency (Hyperactor " + transport + ")");
    double smallRate;
    long[] rtt;
    try (HyperactorRemote ours = new HyperactorRemote(transport, 1_000)) {
      smallRate = Measure.median(1, RUNS, smallRate(ours, small));
      rtt = RemoteDriver.roundTrips(ours, 100, samples);
      rtt = RemoteDriver.roundTrips(ours, 100, samples);
    }
    double largeRate;
    try (HyperactorRemote ours = new HyperactorRemote(transport, 20)) {
      largeRate = Measure.median(1, RUNS, largeRate(ours, large));
    }
    return new RemoteFigures(smallRate, largeRate, rtt);
  }

  private void remote() throws Exception {
    long small = 1_000_000 / scale;
    long large = 20_000 / scale;
    int samples = 20_000 / scale;
    // Over TCP, ours and Pekko's take turns, each with its peer JVM up (see Measure.alternating);
    // the raw gRPC stream takes the third turn on 64 KiB.
    progress("remote 100 B throughput and request/reply, TCP (Hyperactor and Pekko Artery in turns)");
    Measure.Medians smallRates;
    long[] oursRtt;
    long[] pekkoRtt;
    try (PekkoRemote pekko = new PekkoRemote(1_000);
        HyperactorRemote ours = new HyperactorRemote(ChannelTransport.TCP, 1_000)) {
      smallRates = alternating(1, RUNS, smallRate(ours, small), smallRate(pekko, small));
      // A warm-up series of each, then the measured ones.
      RemoteDriver.roundTrips(pekko, 100, samples);
      RemoteDriver.roundTrips(ours, 100, samples);
      machine.take();
      pekkoRtt = RemoteDriver.roundTrips(pekko, 100, samples);
      oursRtt = RemoteDriver.roundTrips(ours, 100, samples);
    }
    progress("remote 64 KiB throughput, TCP (Hyperactor, Pekko Artery and a raw gRPC stream in turns)");
    double[] oursLarge = new double[RUNS];
    double[] pekkoLarge = new double[RUNS];
    double[] rawLarge = new double[RUNS];
    try (PekkoRemote pekko = new PekkoRemote(20);
        HyperactorRemote ours = new HyperactorRemote(ChannelTransport.TCP, 20);
        RawGrpcRemote raw = new RawGrpcRemote(20)) {
      Measure.Run oursRun = largeRate(ours, large);
      Measure.Run pekkoRun = largeRate(pekko, large);
      Measure.Run rawRun = largeRate(raw, large);
      pekkoRun.once();
      oursRun.once();
      rawRun.once();
      int from = machine.count();
      for (int i = 0; i < RUNS; i++) {
        machine.take();
        pekkoLarge[i] = pekkoRun.once();
        oursLarge[i] = oursRun.once();
        rawLarge[i] = rawRun.once();
      }
      logReadingsSince(from);
    }
    RemoteFigures tcp =
        new RemoteFigures(smallRates.ours(), Measure.median(oursLarge), oursRtt);
    double pekkoSmall = smallRates.pekko();
    double pekkoLargeRate = Measure.median(pekkoLarge);
    double rawGrpcLarge = Measure.median(rawLarge);
    RemoteFigures unix = hyperactorRemote(ChannelTransport.UNIX, small, large, samples);
    progress("raw socket ceilings");
    double tcpBlast = Ceilings.blast(Ceilings.Family.TCP, 100, 10 * small);
    double tcpBlastLarge = Ceilings.blast(Ceilings.Family.TCP, 64 * 1024, 10 * large) * 64 * 1024 / 1e6;
    long[] tcpRtt = Ceilings.pingPong(Ceilings.Family.TCP, 100, samples);
    double unixBlast = Ceilings.blast(Ceilings.Family.UNIX, 100, 10 * small);
    double unixBlastLarge = Ceilings.blast(Ceilings.Family.UNIX, 64 * 1024, 10 * large) * 64 * 1024 / 1e6;
    long[] unixRtt = Ceilings.pingPong(Ceilings.Family.UNIX, 100, samples);

    rows.add(new Row("4a. remote TCP, 100 B messages", "msg/s", tcp.small(), pekkoSmall, tcpBlast, true));
    rows.add(new Row("4b. remote TCP, 64 KiB messages", "MB/s", tcp.large(), pekkoLargeRate, tcpBlastLarge, true));
    // Not a runtime: the Hyperactor column holds the raw stream's figure, for ours / raw / socket.
    rows.add(new Row("4c. raw gRPC bidi stream, 64 KiB", "MB/s", rawGrpcLarge, pekkoLargeRate, tcpBlastLarge, true));
    latencyRows("5. remote TCP request/reply", tcp.rtt(), pekkoRtt, tcpRtt);
    rows.add(new Row("6a. remote Unix (pekko: TCP), 100 B", "msg/s", unix.small(), pekkoSmall, unixBlast, true));
    rows.add(new Row("6b. remote Unix (pekko: TCP), 64 KiB", "MB/s", unix.large(), pekkoLargeRate, unixBlastLarge, true));
    latencyRows("6c. remote Unix (pekko: TCP) req/reply", unix.rtt(), pekkoRtt, unixRtt);
  }

  private void latencyRows(String name, long @Nullable [] ours, long[] pekko, long[] ceiling) {
    for (double p : new double[] {50, 99, 99.9}) {
      rows.add(new Row(name + " p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)), "us",
          ours == null ? null : Measure.percentileMicros(ours, p),
          Measure.percentileMicros(pekko, p),
          Measure.percentileMicros(ceiling, p),
          false));
    }
  }

  /** Hosts (forked JVMs, Pekko peers) and actors on each of the mesh rows: a 4 x 8 mesh. */
  private static final int MESH_HOSTS = 4;
  private static final int MESH_PER_HOST = 8;
  /** Deliveries in flight in the mesh rate rows: 32 messages each. */
  private static final int MESH_WINDOW = 32;
  private static final int MESH_WARMUPS = 1;

  /** The figures of one way of reaching every actor: deliveries per second, sorted latencies. */
  private record MeshFigures(double rate, long[] latencies) {}

  /** Measures one way of reaching the group; every run numbers its messages after the last. */
  private static final class MeshRun {
    private final MeshDriver.Fanout fanout;
    private final long deliveries;
    private final int samples;
    private long sequence;
    private final List<Double> rates = new ArrayList<>();
    private long[] latencies = new long[0];

    MeshRun(MeshDriver.Fanout fanout, long deliveries, int samples) {
      this.fanout = fanout;
      this.deliveries = deliveries;
      this.samples = samples;
    }

    /** One measured rate run and one measured latency run (or warm-ups, discarded). */
    void once(boolean measured) throws Exception {
      double rate = MeshDriver.throughput(fanout, deliveries, MESH_WINDOW, sequence);
      sequence += deliveries;
      long[] nanos = MeshDriver.latencies(fanout, samples, sequence);
      sequence += samples;
      if (measured) {
        rates.add(rate);
        long[] all = Arrays.copyOf(latencies, latencies.length + nanos.length);
        System.arraycopy(nanos, 0, all, latencies.length, nanos.length);
        Arrays.sort(all);
        latencies = all;
      }
    }

    MeshFigures figures() {
      return new MeshFigures(middle(rates), latencies);
    }
  }

  /**
   * The mesh rows: one message to each of 32 actors on 4 other JVMs, each actor acknowledging it.
   * Ours by a cast (M1) and by 32 sends (M2) on one mesh, and Pekko's by 32 sends to actors on 4
   * peer JVMs (the Pekko column of both), all three in turns.
   */
  private void mesh() throws Exception {
    // Sized for about a minute with the JVMs' start-up, on a small machine.
    long deliveries = 1_000 / scale;
    int samples = 500 / scale;
    progress("mesh: " + MESH_HOSTS + " x " + MESH_PER_HOST + " actors: our cast and point to point"
        + " (Hyperactor Unix) and Pekko's point to point (Artery TCP), in turns");
    MeshFigures cast;
    MeshFigures pointToPoint;
    MeshFigures pekko;
    try (HyperactorMesh ours = new HyperactorMesh(MESH_HOSTS, MESH_PER_HOST);
        PekkoMesh peers = new PekkoMesh(MESH_HOSTS, MESH_PER_HOST)) {
      MeshRun castRun = new MeshRun(ours.cast(), deliveries, samples);
      MeshRun p2pRun = new MeshRun(ours.pointToPoint(), deliveries, samples);
      MeshRun pekkoRun = new MeshRun(peers, deliveries, samples);
      // In turns, so that all three meet the same machine (see Measure.alternating).
      int from = machine.count();
      for (int i = 0; i < MESH_WARMUPS + RUNS; i++) {
        boolean measured = i >= MESH_WARMUPS;
        if (measured) {
          machine.take();
        }
        castRun.once(measured);
        p2pRun.once(measured);
        pekkoRun.once(measured);
      }
      logReadingsSince(from);
      cast = castRun.figures();
      pointToPoint = p2pRun.figures();
      pekko = pekkoRun.figures();
    }
    String actors = MESH_HOSTS + "x" + MESH_PER_HOST;
    rows.add(new Row("M1a. cast to " + actors + " mesh, window " + MESH_WINDOW, "casts/s",
        cast.rate(), pekko.rate(), null, true));
    meshLatencyRows("M1b. cast to " + actors + ", all acked", cast.latencies(), pekko.latencies());
    rows.add(new Row("M2a. 32 sends to " + actors + ", window " + MESH_WINDOW, "rounds/s",
        pointToPoint.rate(), pekko.rate(), null, true));
    meshLatencyRows("M2b. 32 sends to " + actors + ", all acked", pointToPoint.latencies(),
        pekko.latencies());
  }

  private void meshLatencyRows(String name, long[] ours, long[] pekko) {
    for (int p : new int[] {50, 99}) {
      rows.add(new Row(name + " p" + p, "us", Measure.percentileMicros(ours, p),
          Measure.percentileMicros(pekko, p), null, false));
    }
  }

  /** One Savina benchmark: its row name, and one measured iteration on each runtime (ms). */
  private record SavinaBenchmark(String name, Measure.Run ours, Measure.Run pekko) {}

  /**
   * The Savina rows (S1-S8) at the suite's default sizes (divided by the scale), then their
   * geometric mean. Each iteration checks its own result and throws if it is wrong.
   */
  private void savina() throws Exception {
    int pings = Savina.PING_PONG_PINGS / scale;
    int increments = Savina.COUNT_MESSAGES / scale;
    int throughputMessages = Savina.FJ_THROUGHPUT_MESSAGES / scale;
    int created = Savina.FJ_CREATE_ACTORS / scale;
    int hops = Savina.THREAD_RING_HOPS / scale;
    int meetings = Savina.CHAMENEOS_MEETINGS / scale;
    int bigPings = Savina.BIG_PINGS / scale;
    int pieces = Savina.TRAPEZOID_PIECES / scale;
    progress("savina: sequential trapezoid reference");
    double reference = Savina.trapezoidReference(pieces);
    try (HyperactorSavina ours = new HyperactorSavina(); PekkoSavina pekko = new PekkoSavina()) {
      List<SavinaBenchmark> benchmarks = List.of(
          new SavinaBenchmark("S1. savina ping-pong, " + pings + " pings",
              () -> ours.pingPong(pings), () -> pekko.pingPong(pings)),
          new SavinaBenchmark("S2. savina count, " + increments + " msgs",
              () -> ours.count(increments), () -> pekko.count(increments)),
          new SavinaBenchmark("S3. savina fjthrput, " + Savina.FJ_THROUGHPUT_WORKERS + " x " + throughputMessages,
              () -> ours.fjThroughput(Savina.FJ_THROUGHPUT_WORKERS, throughputMessages),
              () -> pekko.fjThroughput(Savina.FJ_THROUGHPUT_WORKERS, throughputMessages)),
          new SavinaBenchmark("S4. savina fjcreat, " + created + " actors",
              () -> ours.fjCreate(created), () -> pekko.fjCreate(created)),
          new SavinaBenchmark("S5. savina thread ring, " + Savina.THREAD_RING_ACTORS + " x " + hops + " hops",
              () -> ours.threadRing(Savina.THREAD_RING_ACTORS, hops),
              () -> pekko.threadRing(Savina.THREAD_RING_ACTORS, hops)),
          new SavinaBenchmark("S6. savina chameneos, " + Savina.CHAMENEOS_CREATURES + " x " + meetings,
              () -> ours.chameneos(Savina.CHAMENEOS_CREATURES, meetings),
              () -> pekko.chameneos(Savina.CHAMENEOS_CREATURES, meetings)),
          new SavinaBenchmark("S7. savina big, " + Savina.BIG_ACTORS + " x " + bigPings + " pings",
              () -> ours.big(Savina.BIG_ACTORS, bigPings), () -> pekko.big(Savina.BIG_ACTORS, bigPings)),
          new SavinaBenchmark("S8. savina trapezoid, " + pieces + " / " + Savina.TRAPEZOID_WORKERS,
              () -> ours.trapezoid(pieces, Savina.TRAPEZOID_WORKERS, reference),
              () -> pekko.trapezoid(pieces, Savina.TRAPEZOID_WORKERS, reference)));
      double oursLogSum = 0;
      double pekkoLogSum = 0;
      for (SavinaBenchmark benchmark : benchmarks) {
        progress(benchmark.name());
        Measure.Medians medians = alternating(SAVINA_WARMUPS, SAVINA_WARMUP_MILLIS, SAVINA_RUNS,
            benchmark.ours(), benchmark.pekko());
        rows.add(Row.time(benchmark.name(), medians.ours(), medians.pekko()));
        oursLogSum += Math.log(medians.ours());
        pekkoLogSum += Math.log(medians.pekko());
      }
      // The ratio of the geometric means of the times is the geometric mean of the ratios.
      int n = benchmarks.size();
      rows.add(Row.time("S. savina geometric mean (S1-S8)",
          Math.exp(oursLogSum / n), Math.exp(pekkoLogSum / n)));
    }
  }

  private void procSpawn() throws Exception {
    progress("8 bare JVMs");
    double bare = Measure.median(1, RUNS, () -> Ceilings.bareJvmStart(8));
    // The first warm-up run of the tuned children records the class-data sharing archive that
    // the measured runs map; the two kinds alternate, so both see the same machine load.
    progress("8 forked procs: warm pool, cold, JVM defaults, previous default flags");
    List<Double> warm = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    List<Double> defaults = new ArrayList<>();
    List<Double> previous = new ArrayList<>();
    HyperactorProcSpawn.forkedProcsReady(8, false);
    HyperactorProcSpawn.forkedProcsReady(8, true);
    HyperactorProcSpawn.warmPoolProcsReady(8);
    HyperactorProcSpawn.forkedProcsReady(8, previousStartupFlags());
    for (int i = 0; i < RUNS; i++) {
      warm.add(HyperactorProcSpawn.warmPoolProcsReady(8));
      cold.add(HyperactorProcSpawn.forkedProcsReady(8, false));
      defaults.add(HyperactorProcSpawn.forkedProcsReady(8, true));
      previous.add(HyperactorProcSpawn.forkedProcsReady(8, previousStartupFlags()));
    }
    rows.add(new Row("7. 8 forked procs ready, warm pool", "s", middle(warm), null, bare, false));
    rows.add(new Row("7c. cold start, empty pool", "s", middle(cold), null, bare, false));
    rows.add(new Row("7b. cold start, JVM defaults", "s", middle(defaults), null, bare,
        false));
    rows.add(new Row("7d. cold start, previous default flags", "s", middle(previous), null, bare,
        false));
  }

  /**
   * The children's default start-up flags before they were chosen for resident memory (row 8):
   * the compile thresholds and the flags that quiet the JDK's warnings only.
   */
  private static List<String> previousStartupFlags() {
    int feature = Runtime.version().feature();
    List<String> previous = new ArrayList<>(List.of("-XX:CompileThresholdScaling=4"));
    if (feature >= 22) {
      previous.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 24) {
      previous.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(previous);
  }

  /**
   * Row 8: resident memory per idle forked proc, 4 procs with a proc's class path, with the
   * children's default start-up flags and with the defaults they had before they were chosen for
   * memory (for comparison); and with the default flags and the benchmarks' whole class path,
   * Pekko's jars included, which a proc would open without using them.
   */
  private void procMemory() throws Exception {
    List<String> previous = previousStartupFlags();
    progress("4 idle forked procs, previous default flags " + previous);
    HyperactorProcMemory.Figures before =
        HyperactorProcMemory.measure(4, previous, Map.of(), HyperactorProcMemory.ClassPath.PROC);
    HyperactorProcMemory.print("previous defaults", before);
    List<String> current = ProcessProcManagerOptions.DEFAULT_STARTUP_JVM_ARGS;
    progress("4 idle forked procs, default flags " + current);
    HyperactorProcMemory.Figures after =
        HyperactorProcMemory.measure(4, current, Map.of(), HyperactorProcMemory.ClassPath.PROC);
    HyperactorProcMemory.print("defaults", after);
    progress("4 idle forked procs, default flags, the benchmarks' whole class path");
    HyperactorProcMemory.Figures whole =
        HyperactorProcMemory.measure(4, current, Map.of(), HyperactorProcMemory.ClassPath.WHOLE);
    HyperactorProcMemory.print("defaults, whole class path", whole);
    memoryRows("8. idle proc, defaults", after);
    memoryRows("8'. idle proc, previous", before);
    memoryRows("8''. idle proc, whole class path", whole);
  }

  private void memoryRows(String name, HyperactorProcMemory.Figures f) {
    rows.add(new Row(name + ": RSS", "MiB", f.rss(), null, null, false));
    rows.add(new Row(name + ": PSS (goal <= 50)", "MiB", f.pss(), null, null, false));
    rows.add(new Row(name + ": anonymous", "MiB", f.anon(), null, null, false));
    rows.add(new Row(name + ": NMT heap", "MiB", f.nmt("Java Heap"), null, null, false));
    rows.add(new Row(name + ": NMT metaspace+class", "MiB",
        f.nmt("Metaspace") + f.nmt("Class"), null, null, false));
    rows.add(new Row(name + ": NMT code", "MiB", f.nmt("Code"), null, null, false));
    rows.add(new Row(name + ": NMT GC", "MiB", f.nmt("GC"), null, null, false));
    rows.add(new Row(name + ": threads", "count", f.threads(), null, null, false));
  }

  private static double middle(List<Double> figures) {
    List<Double> sorted = new ArrayList<>(figures);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
