package io.hyperactor.examples;

import com.google.common.collect.ImmutableList;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.examples.Worker.CountPrimes;
import io.hyperactor.examples.Worker.Location;
import io.hyperactor.examples.Worker.Ping;
import io.hyperactor.examples.Worker.Where;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.inject.MeshAdminModule;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshRef;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.SpawnProgress;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo application: from {@code application.conf}, starts a mesh of 2 host JVMs with 4 proc
 * JVMs each, spawns a worker actor on every proc, casts work to the whole mesh and reduces the
 * replies into one answer, calls a slice of the mesh, kills one proc with SIGKILL and shows what
 * the hosts report and what becomes of a cast that reaches the dead proc, then stops everything.
 * {@code --config} prints the resolved configuration instead.
 */
public final class Demo {
  private static final int HOSTS = 2;
  private static final int PROCS_PER_HOST = 4;
  /** The rank of the proc the demo kills: host 1, proc 2. */
  private static final int VICTIM = PROCS_PER_HOST + 2;

  private static final long PRIME_BOUND = 20_000_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final PrintStream out = System.out;

  private final HyperactorConfig config;
  private final long t0 = System.nanoTime();

  private Demo(HyperactorConfig config) {
    this.config = config;
  }

  public static void main(String[] args) {
    HyperactorConfig config;
    try {
      config = HyperactorConfig.global();
    } catch (ConfigValidationException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    config.warnings().forEach(w -> System.err.println("warning: " + w));
    if (args.length == 1 && args[0].equals("--config")) {
      printConfig(config);
      return;
    }
    if (args.length > 0) {
      System.err.println("usage: bin/demo [--config]   (unknown arguments: " + String.join(" ", args) + ")");
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new Demo(config).run();
    } catch (Exception e) {
      System.err.println("demo failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  private static void printConfig(HyperactorConfig config) {
    out.println("Hyperactor for Java: resolved configuration");
    out.println(
        "(layers, lowest first: default < env (HYPERACTOR_*) < file (this demo's"
            + " application.conf) < runtime)");
    out.println();
    out.print(config.formatDump());
  }

  private String elapsed() {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
  }

  private int run() throws Exception {
    out.println(
        "Hyperactor for Java demo: a mesh of "
            + HOSTS
            + " hosts x "
            + PROCS_PER_HOST
            + " procs, one worker actor on each proc");
    out.println(
        "configuration (application.conf): proc_manager = "
            + config.get(HyperactorAttrs.PROC_MANAGER)
            + ", default_transport = "
            + config.get(HyperactorAttrs.DEFAULT_TRANSPORT)
            + "   (bin/demo --config prints every key)");
    out.println();

    HyperactorRuntime runtime =
        // The admin module goes to this JVM's injector only: child JVMs serve no admin API.
        Guice.createInjector(
                ImmutableList.<Module>builder()
                    .addAll(HyperactorModules.fromConfig(config, new DemoModule()))
                    .add(new MeshAdminModule())
                    .build())
            .getInstance(HyperactorRuntime.class);
    try {
      out.println("[1/8] starting the client runtime ...");
      runtime.start();
      out.println(
          "      serving at "
              + runtime.host().addr()
              + " ("
              + runtime.managerKind()
              + " procs over "
              + runtime.transport()
              + ", "
              + elapsed()
              + ")");
      runtime
          .meshAdmin()
          .ifPresent(
              admin ->
                  out.println(
                      "      mesh admin at "
                          + admin.uri()
                          + " (try: curl "
                          + admin.uri()
                          + "v1/tree)"));
      ClientInstance client = runtime.client();

      out.println("[2/8] starting a host mesh of " + HOSTS + " hosts ...");
      HostMesh hosts = runtime.spawnHostMesh(HOSTS).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (HostRef host : hosts.hosts()) {
        out.println("      host at " + host.addr());
      }
      out.println("      " + hosts.extent() + " ready (" + elapsed() + ")");

      out.println("[3/8] spawning " + PROCS_PER_HOST + " procs on every host ...");
      ProcMesh procs =
          hosts
              .spawnProcs("workers", Extent.of("procs", PROCS_PER_HOST), progressPrinter())
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.println("      proc mesh " + procs.extent() + " running (" + elapsed() + ")");

      out.println("[4/8] spawning a '" + Worker.KEY.typeName() + "' actor mesh on the procs");
      ActorMesh<WorkerMsg> workers =
          procs.spawn("worker", Worker.KEY).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.println("      " + workers.numRanks() + " workers: " + workers.id() + " " + workers.extent());

      countPrimes(client, workers);
      ValueMesh<Location> hostOne = slicedCall(client, workers);
      killAndCast(client, procs, workers, hostOne.get(VICTIM - PROCS_PER_HOST).orElseThrow());

      out.println("[8/8] stopping the procs and shutting the hosts down (" + elapsed() + ") ...");
      try {
        ValueMesh<Status> stopped =
            procs.stop("demo done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        out.println("      procs: " + stopped.valueRuns());
      } catch (ExecutionException e) {
        // The killed proc cannot confirm a stop: the failure names it.
        out.println("      " + e.getCause().getMessage());
      }
      hosts.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.println("      hosts shut down (" + elapsed() + ")");
    } finally {
      runtime.close();
    }
    long left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    out.println("      runtime closed, " + left + " JVMs left (" + elapsed() + " in all)");
    return left == 0 ? 0 : 1;
  }

  /** Prints a spawn's progress each time the number of running or failed ranks changes. */
  private static SpawnProgressListener progressPrinter() {
    AtomicInteger last = new AtomicInteger(-1);
    return (SpawnProgress p) -> {
      int key = p.running() * 1000 + p.failed();
      if (last.getAndSet(key) != key) {
        out.println("      " + p);
      }
    };
  }

  private void countPrimes(ClientInstance client, ActorMeshRef<WorkerMsg> workers)
      throws Exception {
    int ranks = workers.numRanks();
    out.printf(
        Locale.ROOT,
        "[5/8] casting one message to all %d workers: count the primes below %,d, each its"
            + " share; the replies are summed on their way back%n",
        ranks,
        PRIME_BOUND);
    long start = System.nanoTime();
    long primes =
        workers
            .reduce(
                client,
                reply -> new CountPrimes(Rank.unbound(), ranks, PRIME_BOUND, reply),
                Accumulators.sum(),
                TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    long meshMs = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    long local = Worker.countPrimes(0, PRIME_BOUND);
    long localMs = (System.nanoTime() - start) / 1_000_000;
    out.printf(
        Locale.ROOT,
        "      one reduced reply: %,d primes in %d ms (counted here alone: %,d in %d ms) %s%n",
        primes,
        meshMs,
        local,
        localMs,
        primes == local ? "- they agree" : "- THEY DIFFER");
    if (primes != local) {
      throw new IllegalStateException("the mesh counted " + primes + " primes, not " + local);
    }
  }

  private ValueMesh<Location> slicedCall(ClientInstance client, ActorMeshRef<WorkerMsg> workers)
      throws Exception {
    ActorMeshRef<WorkerMsg> hostOne = workers.slice("hosts", 1);
    out.println(
        "[6/8] calling the slice hosts=1 ("
            + hostOne.numRanks()
            + " workers): where does each one run?");
    ValueMesh<Location> where =
        hostOne
            .<Location>call(client, reply -> new Where(Rank.unbound(), reply), TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    out.printf(Locale.ROOT, "      %-10s %-22s %-10s %s%n", "SLICE RANK", "PROC", "PID", "HOST JVM PID");
    for (Location l : where.asList()) {
      out.printf(Locale.ROOT, "      %-10d %-22s %-10d %d%n", l.rank(), l.proc(), l.pid(), l.parentPid());
    }
    return where;
  }

  private void killAndCast(
      ClientInstance client, ProcMesh procs, ActorMesh<WorkerMsg> owned, Location victim)
      throws Exception {
    out.println(
        "[7/8] killing the proc of rank "
            + VICTIM
            + " ("
            + victim.proc()
            + ", pid "
            + victim.pid()
            + ") with SIGKILL");
    CompletableFuture<MeshFailure> event = owned.nextSupervisionEvent();
    // Collected from before the kill: a message the proc took shortly before it died may come back
    // too (its acknowledgement died with it), and is shown below rather than logged as an error.
    PortReceiver<Undeliverable> returned = client.undeliverables();
    long killed = System.nanoTime();
    ProcessHandle process = ProcessHandle.of(victim.pid()).orElseThrow();
    process.destroyForcibly();
    process.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    MeshFailure failure = event.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    out.printf(
        Locale.ROOT,
        "      supervision event after %.1f s: %s%n",
        (System.nanoTime() - killed) / 1e9,
        failure);
    State<ProcState> state =
        procs.procStates(client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(VICTIM).orElseThrow();
    out.println("      its host reports rank " + VICTIM + ": " + state.status());

    // The owned mesh now refuses casts that cover rank 6 (MeshException SUPERVISION); its plain
    // ref casts past that gate, to show what the dead rank's copy does on the wire.
    ActorMeshRef<WorkerMsg> workers = owned.ref();
    out.println("      casting a ping to all " + workers.numRanks() + " workers:");
    PortReceiver<Long> pongs = client.openPort(Long.class);
    long start = System.nanoTime();
    workers.cast(client, new Ping(Rank.unbound(), pongs.handle().bind()));
    TreeMap<Long, String> outcome = new TreeMap<>();
    List<Undeliverable> earlier = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (outcome.size() < workers.numRanks()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "after " + TIMEOUT + " only ranks " + outcome.keySet() + " answered or came back");
      }
      Long rank = poll(pongs);
      if (rank != null) {
        outcome.put(rank, "pong");
      }
      Undeliverable u = poll(returned);
      if (u != null && !(u.envelope().payload() instanceof Ping)) {
        earlier.add(u);
      } else if (u != null) {
        // The returned copy is the one the cast bound to the dead worker's rank.
        long rankOf = ((Ping) u.envelope().payload()).rank().unwrap();
        outcome.put(
            rankOf,
            String.format(
                Locale.ROOT,
                "came back undeliverable after %.1f s: %s",
                (System.nanoTime() - start) / 1e9,
                u.error()));
      }
    }
    outcome.forEach((rank, what) -> out.println("        rank " + rank + ": " + what));
    for (Undeliverable late; (late = returned.tryRecv()) != null; ) {
      earlier.add(late);
    }
    for (Undeliverable e : earlier) {
      out.println(
          "      also returned, sent before the kill: a "
              + e.envelope().payload().getClass().getSimpleName()
              + " to "
              + e.envelope().dest().actorId()
              + " ("
              + e.error()
              + ")");
    }
  }

  private static <T> T poll(PortReceiver<T> receiver) throws InterruptedException {
    try {
      return receiver.recv(Duration.ofMillis(50));
    } catch (TimeoutException e) {
      return null;
    }
  }
}
