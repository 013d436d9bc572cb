package io.hyperactor.examples;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.examples.Worker.Work;
import io.hyperactor.examples.Worker.WorkDone;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.host.HostedProc;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's module and worker, wired in-process. */
class DemoModuleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().localWiring(ChannelTransport.LOCAL, new DemoModule()).build();

  @Test
  void counts_primes() {
    assertThat(Worker.countPrimes(2)).isEqualTo(0);
    assertThat(Worker.countPrimes(3)).isEqualTo(1);
    assertThat(Worker.countPrimes(100)).isEqualTo(25);
    assertThat(Worker.countPrimes(1_000_000)).isEqualTo(78_498);
  }

  @Test
  void a_worker_spawned_through_the_agent_answers_work() throws Exception {
    HyperactorRuntime runtime = kit.runtime();
    HostedProc<Object> proc = runtime.spawnProc("worker-0", 0);
    ActorRef<WorkerMsg> worker =
        runtime.spawn(proc, "worker", Worker.KEY).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    WorkDone done =
        worker
            .<WorkDone>ask(runtime.client(), r -> new Work(7, 100, r), TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.task()).isEqualTo(7);
    assertThat(done.primes()).isEqualTo(25);
    assertThat(done.proc()).isEqualTo("worker-0");
  }
}
