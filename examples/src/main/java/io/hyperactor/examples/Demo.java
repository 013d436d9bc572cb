package io.hyperactor.examples;

import com.google.inject.Guice;
import io.hyperactor.ActorTree;
import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.examples.Worker.Work;
import io.hyperactor.examples.Worker.WorkDone;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.ref.ActorRef;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo application: starts a host from {@code application.conf}, forks four procs, spawns a
 * worker on each through its proc agent, sends work and gathers the replies, shows the actor tree,
 * kills one proc with SIGKILL and prints the supervision event the application receives, then
 * shuts down. {@code --config} prints the resolved configuration instead.
 */
public final class Demo {
  private static final int PROCS = 4;
  private static final int VICTIM = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
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
    out.println("Hyperactor for Java demo: one host, " + PROCS + " procs, one worker actor each");
    out.println(
        "configuration (application.conf): proc_manager = "
            + config.get(HyperactorAttrs.PROC_MANAGER)
            + ", default_transport = "
            + config.get(HyperactorAttrs.DEFAULT_TRANSPORT)
            + "   (bin/demo --config prints every key)");
    out.println();

    HyperactorRuntime runtime =
        Guice.createInjector(HyperactorModules.fromConfig(config, new DemoModule()))
            .getInstance(HyperactorRuntime.class);
    List<ProcEntry> procs = new ArrayList<>();
    try {
      out.println("[1/7] starting host ...");
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

      forkProcs(runtime, procs);
      spawnWorkers(runtime, procs);
      out.println(
          "[4/7] sending "
              + 2 * procs.size()
              + " tasks (count the primes below a bound) and gathering the replies");
      sendWork(runtime, List.copyOf(procs));
      showTree(runtime, procs);
      killOne(runtime, procs);
    } finally {
      shutDown(runtime, procs);
    }
    long left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    out.println(
        "      all "
            + procs.size()
            + " procs stopped, "
            + left
            + " JVMs left ("
            + elapsed()
            + " in all)");
    return left == 0 ? 0 : 1;
  }

  /** A forked proc with what the demo learned about it. */
  private static final class ProcEntry {
    final HostedProc<Object> proc;
    final ProcHandle<Object> handle;
    final CompletableFuture<ProcStatus> ended = new CompletableFuture<>();
    long pid = -1;
    ActorRef<WorkerMsg> worker;

    ProcEntry(HostedProc<Object> proc, ProcHandle<Object> handle) {
      this.proc = proc;
      this.handle = handle;
    }

    String name() {
      return proc.procId().name();
    }
  }

  private void forkProcs(HyperactorRuntime runtime, List<ProcEntry> procs) throws Exception {
    out.println("[2/7] forking " + PROCS + " procs (" + runtime.managerKind() + " manager) ...");
    AtomicInteger ready = new AtomicInteger();
    ExecutorService starter = Executors.newFixedThreadPool(PROCS);
    try {
      List<Future<ProcEntry>> started = new ArrayList<>();
      for (int rank = 0; rank < PROCS; rank++) {
        int r = rank;
        String name = "worker-" + rank;
        out.println("      forking proc " + (rank + 1) + "/" + PROCS + " (" + name + ")");
        started.add(
            starter.submit(
                () -> {
                  long start = System.nanoTime();
                  HostedProc<Object> proc = runtime.spawnProc(name, r);
                  ProcEntry entry =
                      new ProcEntry(proc, runtime.procHandle(proc.procId()).orElseThrow());
                  // The application's supervision hook: every terminal status of the proc.
                  entry.handle.watch(
                      status -> {
                        if (isTerminal(status)) {
                          entry.ended.complete(status);
                        }
                      });
                  out.printf(
                      Locale.ROOT,
                      "      proc %s ready (%d/%d, %.1f s)%n",
                      name,
                      ready.incrementAndGet(),
                      PROCS,
                      (System.nanoTime() - start) / 1e9);
                  return entry;
                }));
      }
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      try {
        ticker.scheduleAtFixedRate(
            () -> {
              if (ready.get() < PROCS) {
                out.println(
                    "      ... " + ready.get() + "/" + PROCS + " ready after " + elapsed());
              }
            },
            3,
            3,
            TimeUnit.SECONDS);
        for (Future<ProcEntry> f : started) {
          procs.add(f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS));
        }
      } finally {
        ticker.shutdownNow();
      }
    } finally {
      starter.shutdownNow();
    }
  }

  private static boolean isTerminal(ProcStatus status) {
    return status instanceof ProcStatus.Stopped
        || status instanceof ProcStatus.Killed
        || status instanceof ProcStatus.Failed;
  }

  private void spawnWorkers(HyperactorRuntime runtime, List<ProcEntry> procs) throws Exception {
    out.println(
        "[3/7] spawning a '" + Worker.KEY.typeName() + "' actor on each proc through its proc agent");
    for (ProcEntry p : procs) {
      // A SpawnException carrying the proc's reason fails the demo here.
      p.worker = runtime.spawn(p.proc, "worker", Worker.KEY).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      p.pid = runtime.actorTree(p.proc).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).pid();
      out.println("      " + p.name() + " (pid " + p.pid + "): " + p.worker.actorId() + "  running");
    }
  }

  private int tasksSent;

  private void sendWork(HyperactorRuntime runtime, List<ProcEntry> to) throws Exception {
    List<CompletableFuture<WorkDone>> replies = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (ProcEntry p : to) {
        int task = ++tasksSent;
        int bound = 1_000_000 + 250_000 * (task - 1);
        replies.add(p.worker.ask(runtime.client(), r -> new Work(task, bound, r), TIMEOUT));
      }
    }
    for (CompletableFuture<WorkDone> reply : replies) {
      WorkDone d = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.printf(
          Locale.ROOT,
          "      task %d: %,d primes below %,d   (computed by %s, pid %d, in %d ms)%n",
          d.task(),
          d.primes(),
          d.bound(),
          d.proc(),
          d.pid(),
          d.micros() / 1000);
    }
  }

  private void showTree(HyperactorRuntime runtime, List<ProcEntry> procs) throws Exception {
    out.println("[5/7] the live actor tree");
    out.printf(Locale.ROOT, "      %-10s %-8s %-8s %-28s %s%n", "PROC", "PID", "PROC", "ACTOR", "ACTOR STATUS");
    for (ProcEntry p : procs) {
      ActorTree tree = runtime.actorTree(p.proc).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      boolean first = true;
      for (ActorTree.Entry e : tree.actors()) {
        String actor = "  ".repeat(e.depth()) + e.actorId().name() + "[" + e.actorId().pid() + "]";
        out.printf(
            Locale.ROOT,
            "      %-10s %-8s %-8s %-28s %s%s%n",
            first ? p.name() : "",
            first ? Long.toString(tree.pid()) : "",
            first ? statusName(p.handle.status()) : "",
            actor,
            e.status(),
            e.system() ? "  (system)" : "");
        first = false;
      }
    }
  }

  private static String statusName(ProcStatus status) {
    return status instanceof ProcStatus.Ready ? "Ready" : status.toString();
  }

  private void killOne(HyperactorRuntime runtime, List<ProcEntry> procs) throws Exception {
    ProcEntry victim = procs.get(VICTIM);
    out.println(
        "[6/7] killing proc " + (VICTIM + 1) + " (" + victim.name() + ", pid " + victim.pid + ") with SIGKILL");
    // Wait for the acks of what was sent so far, so no delivered message is left in doubt.
    runtime.flush(TIMEOUT);
    victim.handle.kill();
    ProcStatus event = victim.ended.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    out.println(
        "      supervision event received: proc "
            + victim.proc.procId()
            + " ended: "
            + event);
    out.println("      proc statuses now:");
    for (ProcEntry p : procs) {
      out.printf(Locale.ROOT, "        %-10s pid %-8d %s%n", p.name(), p.pid, statusName(p.handle.status()));
    }
    List<ProcEntry> alive = procs.stream().filter(p -> p != victim).toList();
    out.println("      the other " + alive.size() + " workers keep working:");
    sendWork(runtime, alive);
  }

  private void shutDown(HyperactorRuntime runtime, List<ProcEntry> procs) {
    out.println("[7/7] shutting down ...");
    runtime.close();
    for (ProcEntry p : procs) {
      ProcStatus last;
      try {
        last = p.ended.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        last = p.handle.status();
      }
      out.printf(Locale.ROOT, "      %-10s pid %-8d %s%n", p.name(), p.pid, last);
    }
  }
}
