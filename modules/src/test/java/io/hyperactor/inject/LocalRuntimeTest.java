package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.hyperactor.ActorTree;
import io.hyperactor.SpawnException;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime with in-JVM procs over the local transport, end to end. */
class LocalRuntimeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private HyperactorRuntime runtime() {
    return Guice.createInjector(
            new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
            new LocalProcManagerModule(),
            new LocalTransportModule(),
            new Greeter.GreeterModule())
        .getInstance(HyperactorRuntime.class);
  }

  @Test
  void spawns_a_registered_actor_through_the_agent_and_messages_it() throws Exception {
    try (HyperactorRuntime runtime = runtime().start()) {
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      ActorRef<Greeter.Greet> greeter =
          runtime.spawn(proc, "greeter", Greeter.KEY).get(30, TimeUnit.SECONDS);
      assertThat(greeter.actorId()).isEqualTo(proc.procId().actorId("greeter"));

      String reply =
          greeter
              .<String>ask(runtime.client(), r -> new Greeter.Greet("test", r), TIMEOUT)
              .get(30, TimeUnit.SECONDS);
      assertThat(reply).isEqualTo("hello test from p0");
      // Everything sent was answered, so every channel can confirm it at once.
      runtime.flush(TIMEOUT);

      ActorTree tree = runtime.actorTree(proc).get(30, TimeUnit.SECONDS);
      assertThat(tree.actors().stream().map(e -> e.actorId().name()).toList())
          .containsAtLeast("proc_agent", "agent_gateway", "greeter");
    }
  }

  @Test
  void the_injector_gives_the_running_runtimes_host_mesh() throws Exception {
    Injector injector =
        Guice.createInjector(
            new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
            new LocalProcManagerModule(),
            new LocalTransportModule(),
            new Greeter.GreeterModule());
    try (HyperactorRuntime runtime = injector.getInstance(HyperactorRuntime.class)) {
      ProvisionException notStarted =
          assertThrows(ProvisionException.class, () -> injector.getInstance(HostMesh.class));
      assertThat(notStarted).hasMessageThat().contains("call start() first");
      runtime.start();
      HostMesh hosts = injector.getInstance(HostMesh.class);
      assertThat(hosts).isSameInstanceAs(runtime.hostMesh());
      assertThat(hosts.extent()).isEqualTo(Extent.of("hosts", 1));
      assertThat(hosts.hosts()).containsExactly(new HostRef(runtime.host().addr()));

      ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 2)).get(30, TimeUnit.SECONDS);
      ActorMesh<Greeter.Greet> greeters =
          procs.spawn("greeter", Greeter.KEY).get(30, TimeUnit.SECONDS);
      ValueMesh<String> replies =
          greeters
              .<String>call(runtime.client(), r -> new Greeter.Greet("mesh", r), TIMEOUT)
              .get(30, TimeUnit.SECONDS);
      assertThat(replies.values().toList())
          .containsExactly(
              "hello mesh from " + procs.get(0).orElseThrow().procId().name(),
              "hello mesh from " + procs.get(1).orElseThrow().procId().name())
          .inOrder();
      assertThat(procs.stop("done").get(30, TimeUnit.SECONDS).values().toList())
          .containsExactly(Status.STOPPED, Status.STOPPED);
    }
  }

  @Test
  void an_unregistered_type_fails_naming_the_registered_ones() throws Exception {
    try (HyperactorRuntime runtime = runtime().start()) {
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> runtime.spawn(proc, "x", Greeter.UNREGISTERED).get(30, TimeUnit.SECONDS));
      SpawnException spawn = (SpawnException) e.getCause();
      assertThat(spawn.procId()).isEqualTo(proc.procId());
      assertThat(spawn.actorName()).isEqualTo("x");
      assertThat(spawn.remoteCause())
          .contains("actor type 'no.such.type' is not registered as spawnable");
      assertThat(spawn.remoteCause()).contains("test.greeter");
    }
  }

  @Test
  void close_stops_the_service_and_use_after_close_is_refused() {
    HyperactorRuntime runtime = runtime().start();
    runtime.close();
    assertThat(runtime.state()).isEqualTo(Service.State.TERMINATED);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> runtime.spawnProc("late", 0));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("runtime is not running (state: TERMINATED); call start() first");
    runtime.close();
  }
}
