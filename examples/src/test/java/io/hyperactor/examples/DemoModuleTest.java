package io.hyperactor.examples;

import static com.google.common.truth.Truth.assertThat;

import com.google.inject.Guice;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.examples.Worker.Work;
import io.hyperactor.examples.Worker.WorkDone;
import io.hyperactor.examples.Worker.WorkerMsg;
import io.hyperactor.host.HostedProc;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's module and worker, wired in-process. */
class DemoModuleTest {

  @Test
  void counts_primes() {
    assertThat(Worker.countPrimes(2)).isEqualTo(0);
    assertThat(Worker.countPrimes(3)).isEqualTo(1);
    assertThat(Worker.countPrimes(100)).isEqualTo(25);
    assertThat(Worker.countPrimes(1_000_000)).isEqualTo(78_498);
  }

  @Test
  void a_worker_spawned_through_the_agent_answers_work() throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.PROC_MANAGER, ProcManagerKind.LOCAL);
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.LOCAL);
    try (HyperactorRuntime runtime =
        Guice.createInjector(HyperactorModules.fromConfig(config, new DemoModule()))
            .getInstance(HyperactorRuntime.class)
            .start()) {
      HostedProc<Object> proc = runtime.spawnProc("worker-0", 0);
      ActorRef<WorkerMsg> worker =
          runtime.spawn(proc, "worker", Worker.KEY).get(30, TimeUnit.SECONDS);
      WorkDone done =
          worker
              .<WorkDone>ask(runtime.client(), r -> new Work(7, 100, r), Duration.ofSeconds(30))
              .get(30, TimeUnit.SECONDS);
      assertThat(done.task()).isEqualTo(7);
      assertThat(done.primes()).isEqualTo(25);
      assertThat(done.proc()).isEqualTo("worker-0");
    }
  }
}
