package io.hyperactor.examples;

import com.google.inject.Guice;
import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.examples.Worker.CountPrimes;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.Status;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A client of hosts that already run, as on a cluster: attaches a host mesh to the standalone hosts
 * it is given ({@code hyperactor host}, started with {@link DemoModule}), spawns procs on every
 * host and a worker on every proc, casts one prime-counting message to all workers and reduces the
 * replies, then stops its procs and leaves the hosts running for the next client. Exits 0 when
 * the mesh's count agrees with a local count, 1 when anything fails, 2 on bad arguments.
 *
 * <pre>
 * java -cp hyperactor-examples.jar io.hyperactor.examples.MeshClient \
 *     --hosts tcp:host-0.hosts:26600,tcp:host-1.hosts:26600 --procs-per-host 2
 * </pre>
 */
public final class MeshClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final long PRIME_BOUND = 2_000_000;
  private static final String USAGE =
      "usage: MeshClient --hosts ADDR[,ADDR...] [--procs-per-host N]";
  private static final PrintStream out = System.out;

  private MeshClient() {}

  public static void main(String[] args) {
    List<ChannelAddr> hosts = new ArrayList<>();
    int procsPerHost = 2;
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--hosts" -> {
            for (String addr : required(args[i], value).split(",")) {
              hosts.add(ChannelAddr.parse(addr.trim()));
            }
            i++;
          }
          case "--procs-per-host" -> {
            procsPerHost = Integer.parseInt(required(args[i], value));
            if (procsPerHost < 1) {
              throw new IllegalArgumentException("--procs-per-host must be positive");
            }
            i++;
          }
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("--hosts is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = run(HyperactorConfig.global(), hosts, procsPerHost);
    } catch (ConfigValidationException e) {
      System.err.println(e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.err.println("mesh client failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static int run(HyperactorConfig config, List<ChannelAddr> addrs, int procsPerHost)
      throws Exception {
    HyperactorRuntime runtime =
        Guice.createInjector(HyperactorModules.fromConfig(config, new DemoModule()))
            .getInstance(HyperactorRuntime.class);
    try {
      runtime.start();
      ClientInstance client = runtime.client();
      out.println("attaching to " + addrs.size() + " hosts: " + addrs);
      HostMesh hosts = runtime.attachHostMesh(addrs).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ProcMesh procs =
          hosts
              .spawnProcs("workers", Extent.of("procs", procsPerHost))
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.println("proc mesh " + procs.extent() + " running");
      ActorMesh<WorkerMsg> workers =
          procs.spawn("worker", Worker.KEY).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      int ranks = workers.numRanks();
      long primes =
          workers
              .reduce(
                  client,
                  reply -> new CountPrimes(Rank.unbound(), ranks, PRIME_BOUND, reply),
                  Accumulators.sum(),
                  TIMEOUT)
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long local = Worker.countPrimes(0, PRIME_BOUND);
      out.printf(
          Locale.ROOT,
          "%d workers counted %,d primes below %,d; counted here: %,d%n",
          ranks,
          primes,
          PRIME_BOUND,
          local);
      ValueMesh<Status> stopped =
          procs.stop("mesh client done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      out.println("procs stopped: " + stopped.valueRuns() + "; the hosts keep running");
      return primes == local ? 0 : 1;
    } finally {
      runtime.close();
    }
  }
}
