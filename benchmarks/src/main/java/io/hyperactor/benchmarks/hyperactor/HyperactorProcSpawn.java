package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Row 7: the time until {@code count} procs forked by a {@link ProcessProcManager} behind a host
 * are all ready (each child JVM bootstrapped, its agent running and its callback received). The
 * children call back over the host's backend, so the frontend is not served.
 */
public final class HyperactorProcSpawn {
  private HyperactorProcSpawn() {}

  /**
   * Seconds from the first spawn until every one of {@code count} forked procs is ready. With
   * {@code jvmDefaults}, the children start without the manager's start-up tuning (no class-data
   * sharing archive, no start-up flags), as every child did before that tuning existed.
   */
  public static double forkedProcsReady(int count, boolean jvmDefaults) throws Exception {
    ProcessProcManagerOptions options = options();
    if (jvmDefaults) {
      options = options.withClassDataDir(null).withStartupJvmArgs(List.of());
    }
    return procsReady(count, options);
  }

  /** As {@link #forkedProcsReady(int, boolean)}, with the class archive and {@code startupFlags}. */
  public static double forkedProcsReady(int count, List<String> startupFlags) throws Exception {
    return procsReady(count, options().withStartupJvmArgs(startupFlags));
  }

  /**
   * Seconds from the first spawn until every one of {@code count} procs is ready, their host
   * keeping a warm pool of {@code count} idle child JVMs ({@code process_pool_size}) that was
   * filled and had settled (its members idle, using no CPU) before the clock started. The pool's
   * refill, one JVM start at a time, runs in the measured interval, as it would in use.
   */
  public static double warmPoolProcsReady(int count) throws Exception {
    return procsReady(count, options().withPoolSize(count));
  }

  private static ProcessProcManagerOptions options() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    // Liveness only: many JVMs starting at once on a small machine take a while.
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
    return ProcessProcManagerOptions.fromConfig(config).withTransport(ChannelTransport.UNIX);
  }

  private static double procsReady(int count, ProcessProcManagerOptions options)
      throws Exception {
    HyperactorConfig config = options.config();
    try (ActorSystem system = ActorSystem.builder().config(config).exitHook(code -> {}).build()) {
      Host<Object, ProcessProcConfig> host =
          system.processHost(ChannelAddr.any(ChannelTransport.UNIX), options);
      if (options.poolSize() > 0) {
        awaitSettledChildren(options.poolSize());
      }
      long start = System.nanoTime();
      spawnConcurrently(host, count);
      double seconds = (System.nanoTime() - start) / 1e9;
      host.terminateChildren(Duration.ofSeconds(30), count, "benchmark finished");
      return seconds;
    }
  }

  /**
   * Waits until this JVM has {@code count} live child processes that used no more than 5 ms of
   * CPU between two looks 250 ms apart: the pool is full and its members wait idle.
   */
  private static void awaitSettledChildren(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    Duration previous = Duration.ofDays(1);
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> children =
          ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
      Duration cpu = Duration.ZERO;
      for (ProcessHandle child : children) {
        cpu = cpu.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
      }
      if (children.size() == count && cpu.minus(previous).toMillis() <= 5) {
        return;
      }
      previous = cpu;
      Thread.sleep(250);
    }
    throw new IllegalStateException("the warm pool of " + count + " did not settle in 2 minutes");
  }

  /** Spawns procs {@code proc0} to {@code proc<count-1>} at once and waits until all are ready. */
  static void spawnConcurrently(Host<Object, ProcessProcConfig> host, int count)
      throws Exception {
    List<Future<HostedProc<Object>>> spawned = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        int rank = i;
        spawned.add(
            executor.submit(() -> host.spawn("proc" + rank, ProcessProcConfig.ofRank(rank))));
      }
      for (Future<HostedProc<Object>> proc : spawned) {
        proc.get(2, TimeUnit.MINUTES);
      }
    }
  }
}
