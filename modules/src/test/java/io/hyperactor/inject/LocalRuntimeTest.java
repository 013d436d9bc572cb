package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
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
      SpawnedActor greeter = runtime.spawnActor(proc, "greeter", Greeter.TYPE, new byte[0]);
      assertThat(greeter.status()).isEqualTo("Running");
      assertThat(greeter.actorId()).isEqualTo(proc.procId().actorId("greeter"));

      OncePortReceiver<String> reply = runtime.client().openOncePort();
      ActorRef.<Greeter.Greet>attest(greeter.actorId())
          .send(runtime.client(), new Greeter.Greet("test", reply.handle().bind()));
      assertThat(reply.recv(TIMEOUT)).isEqualTo("hello test from p0");
      // Everything sent was answered, so every channel can confirm it at once.
      runtime.flush(TIMEOUT);

      ActorTree tree = runtime.actorTree(proc);
      assertThat(tree.actors().stream().map(e -> e.actorId().name()).toList())
          .containsAtLeast("proc_agent", "agent_gateway", "greeter");
    }
  }

  @Test
  void an_unregistered_type_fails_naming_the_registered_ones() throws Exception {
    try (HyperactorRuntime runtime = runtime().start()) {
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      SpawnedActor spawned = runtime.spawnActor(proc, "x", "no.such.type", new byte[0]);
      assertThat(spawned.isRunning()).isFalse();
      assertThat(spawned.status())
          .contains("actor type 'no.such.type' is not registered as spawnable");
      assertThat(spawned.status()).contains("test.greeter");
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
