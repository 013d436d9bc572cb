package io.hyperactor.it.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.Status;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.HostProcessOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proc allocation on real host JVMs, as upstream's {@code host_mesh.rs} tests it: hosts whose
 * procs fail or never start, and the client's configuration reaching the procs it spawns.
 */
class HostMeshAllocationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(MeshItActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(120)))
          .build();

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void testFailingProcAllocation() throws Exception {
    kit.system().config().set(HyperactorAttrs.MESH_TAIL_LOG_LINES, 100L);
    try (StandaloneHost h0 = StandaloneHost.start(MeshItMains.Failing.class);
        StandaloneHost h1 = StandaloneHost.start(MeshItMains.Failing.class)) {
      HostMesh hosts = await(HostMeshes.attach(kit.system(), List.of(h0.addr(), h1.addr())));
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> await(hosts.spawnProcs("test", Extent.unity())));
      MeshException failure = (MeshException) e.getCause();
      assertThat(failure.kind()).isEqualTo(MeshException.Kind.PROC_CREATION);
      assertThat(failure).hasMessageThat().contains("error creating proc (host rank ");
      assertThat(failure).hasMessageThat().contains("failed to configure process");
      assertThat(failure).hasMessageThat().contains("Stopped(exit=1)");
      Status status = failure.statuses().orElseThrow().values().filter(Status::isFailure).findFirst().orElseThrow();
      assertThat(status).isInstanceOf(Status.Failed.class);
      assertThat(((Status.Failed) status).message()).contains("failed to configure process");
      await(hosts.shutdown());
    }
  }

  @Test
  void testHaltingProcAllocation() throws Exception {
    kit.system().config().set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(10));
    try (StandaloneHost halting = StandaloneHost.start(MeshItMains.Halting.class);
        StandaloneHost working = StandaloneHost.start(MeshItMains.Proc.class)) {
      HostMesh hosts =
          await(HostMeshes.attach(kit.system(), List.of(halting.addr(), working.addr())));
      long start = System.nanoTime();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> await(hosts.spawnProcs("test", Extent.unity())));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      MeshException failure = (MeshException) e.getCause();
      assertThat(failure.kind()).isEqualTo(MeshException.Kind.PROC_SPAWN);
      ValueMesh<Status> statuses = failure.statuses().orElseThrow();
      assertThat(statuses.get(0).orElseThrow()).isInstanceOf(Status.Timeout.class);
      assertThat(statuses.get(1).orElseThrow()).isEqualTo(Status.RUNNING);
      // Idle, not a total deadline: it gave up once nothing changed for 10 s.
      assertThat(took).isAtLeast(Duration.ofSeconds(10));
      await(hosts.shutdown());
      assertThat(halting.awaitExit(60)).isTrue();
      assertThat(working.awaitExit(60)).isTrue();
    }
  }

  @Test
  void testClientConfigOverride() throws Exception {
    HostMesh hosts =
        await(
            HostMeshes.process(
                kit.system(),
                1,
                HostProcessOptions.defaults()
                    .withHostMainClass(MeshItMains.Host.class.getName())
                    .withProcMainClass(MeshItMains.Proc.class.getName())));
    try (hosts) {
      // Set after the hosts started: it reaches the procs as the client's configuration only.
      try (var override =
          kit.system().config().override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofMinutes(1))) {
        ProcMesh procs = await(hosts.spawnProcs("test", Extent.of("gpus", 2)));
        assertThat(procs.get(0).orElseThrow().procId())
            .isNotEqualTo(procs.get(1).orElseThrow().procId());
        ActorMesh<MeshItActor.Msg> actors =
            await(procs.spawn("config", MeshItActor.KEY, MeshItActor.Params.NORMAL));
        ValueMesh<String> values =
            await(
                actors.<String>call(
                    kit.client(), r -> new MeshItActor.GetConfig("message_delivery_timeout", r), TIMEOUT));
        assertThat(values.values().toList()).containsExactly("1m@CLIENT_OVERRIDE", "1m@CLIENT_OVERRIDE");

        // A value the proc sets itself, in its runtime layer, wins over the client's.
        ValueMesh<String> set =
            await(
                actors.<String>call(
                    kit.client(),
                    r -> new MeshItActor.SetConfig("message_delivery_timeout", "3m", r),
                    TIMEOUT));
        assertThat(set.values().toList()).containsExactly("3m@RUNTIME", "3m@RUNTIME");
      }
    }
  }
}
