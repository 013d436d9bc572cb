package io.hyperactor.examples;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.examples.Worker.CountPrimes;
import io.hyperactor.examples.Worker.Location;
import io.hyperactor.examples.Worker.Where;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.resource.Rank;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's module and worker, wired in-process: the demo's mesh steps on a 2 x 2 mesh. */
class DemoModuleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().localWiring(ChannelTransport.LOCAL, new DemoModule()).build();

  @Test
  void counts_primes_in_ranges() {
    assertThat(Worker.countPrimes(0, 2)).isEqualTo(0);
    assertThat(Worker.countPrimes(0, 3)).isEqualTo(1);
    assertThat(Worker.countPrimes(0, 100)).isEqualTo(25);
    assertThat(Worker.countPrimes(0, 1_000_000)).isEqualTo(78_498);
    // Ranges split anywhere add up: 2, 3, 5, 7 | 11, 13 | ... below 100.
    assertThat(Worker.countPrimes(0, 10)).isEqualTo(4);
    assertThat(Worker.countPrimes(10, 17)).isEqualTo(2);
    assertThat(Worker.countPrimes(0, 10) + Worker.countPrimes(10, 17) + Worker.countPrimes(17, 100))
        .isEqualTo(25);
    assertThat(Worker.countPrimes(999_000, 1_000_000)).isEqualTo(65);
    assertThat(Worker.countPrimes(50, 50)).isEqualTo(0);
  }

  @Test
  void a_worker_mesh_counts_primes_by_rank_and_answers_a_sliced_call() throws Exception {
    HyperactorRuntime runtime = kit.runtime();
    HostMesh hosts = runtime.spawnHostMesh(2).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ProcMesh procs =
        hosts.spawnProcs("workers", Extent.of("procs", 2)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ActorMesh<WorkerMsg> workers =
        procs.spawn("worker", Worker.KEY).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(workers.extent()).isEqualTo(Extent.of("hosts", 2, "procs", 2));

    long primes =
        workers
            .reduce(
                runtime.client(),
                r -> new CountPrimes(Rank.unbound(), 4, 1_000_003, r),
                Accumulators.sum(),
                TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(primes).isEqualTo(Worker.countPrimes(0, 1_000_003));

    ValueMesh<Location> hostOne =
        workers
            .slice("hosts", 1)
            .<Location>call(runtime.client(), r -> new Where(Rank.unbound(), r), TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(hostOne.asList().stream().map(Location::rank).toList()).containsExactly(0L, 1L);
    assertThat(hostOne.asList().stream().map(Location::proc).toList())
        .containsExactly(
            procs.get(2).orElseThrow().procId().name(), procs.get(3).orElseThrow().procId().name())
        .inOrder();
    hosts.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
