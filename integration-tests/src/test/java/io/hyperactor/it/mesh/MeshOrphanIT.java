package io.hyperactor.it.mesh;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.HostProcessOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orphaned actors are reaped: upstream's {@code test_orphaned_actors_cleaned_up_on_controller_crash}
 * with proc JVMs. A wrapper actor in one proc JVM spawns a child mesh on two other proc JVMs, so the
 * child mesh's controller runs in the wrapper's process; that process is SIGKILLed, and the child
 * mesh's agents stop its actors once the controller's keepalive expired.
 */
class MeshOrphanIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration ORPHAN_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofSeconds(1);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(MeshItActor::codecs)
          .codecs(OrphanWrapperActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .spawnable(OrphanWrapperActor.KEY, OrphanWrapperActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(60)))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(60)))
          .config(c -> c.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.of(ORPHAN_TIMEOUT)))
          .config(c -> c.set(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY, POLL))
          .build();

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void testOrphanedActorsCleanedUpOnControllerCrash() throws Exception {
    HostMesh hosts =
        await(
            HostMeshes.process(
                kit.system(),
                2,
                HostProcessOptions.defaults()
                    .withHostMainClass(MeshItMains.Host.class.getName())
                    .withProcMainClass(MeshItMains.Proc.class.getName())));
    try {
      ProcMesh controllerProc =
          await(hosts.range("hosts", 0).spawnProcs(kit.client(), "controller", Extent.unity()));
      ProcMesh actorProcs = await(hosts.spawnProcs(kit.client(), "actors", Extent.unity()));
      ActorMesh<OrphanWrapperActor.Msg> wrapper =
          await(
              controllerProc.spawn(
                  "wrapper",
                  OrphanWrapperActor.KEY,
                  new OrphanWrapperActor.Params(actorProcs.ref())));
      ActorRef<OrphanWrapperActor.Msg> wrapperRef = wrapper.get(0).orElseThrow();
      ActorMeshId child =
          await(wrapperRef.<ActorMeshId>ask(kit.client(), OrphanWrapperActor.GetChild::new, TIMEOUT));

      // Long enough for the child's controller to have polled, and so sent keepalives, at least
      // once: before its first poll the agents hold no expiry and would never reap.
      Thread.sleep(POLL.multipliedBy(3).toMillis());
      ValueMesh<State<ActorState>> states = await(actorProcs.actorStates(kit.client(), child));
      assertThat(states.numRanks()).isGreaterThan(0);
      assertThat(states.values().allMatch(s -> s.status().equals(Status.RUNNING))).isTrue();

      long pid = await(wrapperRef.<Long>ask(kit.client(), OrphanWrapperActor.GetPid::new, TIMEOUT));
      ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
      assertThat(process.destroyForcibly()).isTrue();
      process.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long killedAt = System.nanoTime();

      long deadline = killedAt + Duration.ofSeconds(30).toNanos();
      while (true) {
        states = await(actorProcs.actorStates(kit.client(), child));
        if (states.values().allMatch(s -> s.status().equals(Status.STOPPED))) {
          break;
        }
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(200);
      }
      System.out.printf(
          "MeshOrphanIT: mesh_orphan_timeout %s, supervision_poll_frequency %s: orphans reaped %d"
              + " ms after the controller's process was killed%n",
          ORPHAN_TIMEOUT,
          POLL,
          (System.nanoTime() - killedAt) / 1_000_000);
      await(actorProcs.stop("done"));
    } finally {
      hosts.close();
    }
  }
}
