package io.hyperactor.it.mesh;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.HostProcessOptions;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mesh supervision with real proc JVMs: a SIGKILLed proc of a running actor mesh reaches the
 * mesh's owner as a {@link MeshFailure} naming its rank, and the other ranks keep serving.
 *
 * <p>One host mesh of two host JVMs serves every trial; each trial spawns a fresh proc mesh of
 * four proc JVMs ({@code {hosts: 2, gpus: 2}}), since its victim does not come back.
 */
class MeshSupervisionIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofSeconds(1);
  /**
   * Trials per run: {@code -Dhyperactor.it.supervisionTrials=50} for the full measurement. Each
   * trial starts four proc JVMs (about 12 s on two cores), so the suite runs five.
   */
  private static final int TRIALS = Integer.getInteger("hyperactor.it.supervisionTrials", 5);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .perClass()
          .codecs(MeshItActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE, Duration.ofSeconds(30)))
          .config(c -> c.set(HyperactorAttrs.SUPERVISION_POLL_FREQUENCY, POLL))
          .build();

  private static HostMesh hosts;

  @BeforeAll
  static void startHosts() throws Exception {
    hosts =
        await(
            HostMeshes.process(
                kit.system(),
                2,
                HostProcessOptions.defaults()
                    .withHostMainClass(MeshItMains.Host.class.getName())
                    .withProcMainClass(MeshItMains.Proc.class.getName())));
  }

  @AfterAll
  static void stopHosts() {
    if (hosts != null) {
      hosts.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void sigkillOfARandomProcReachesTheOwnerAndTheOtherRanksKeepServing() throws Exception {
    Random random = new Random();
    List<Long> latenciesMs = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      ProcMesh procs = await(hosts.spawnProcs(kit.client(), "trial" + trial, Extent.of("gpus", 2)));
      try {
        ActorMesh<MeshItActor.Msg> actors =
            await(procs.spawn("victims", MeshItActor.KEY, MeshItActor.Params.NORMAL));
        int victim = random.nextInt(actors.numRanks());
        ActorRef<MeshItActor.Msg> victimRef = actors.get(victim).orElseThrow();
        long pid = await(victimRef.<Long>ask(kit.client(), MeshItActor.GetPid::new, TIMEOUT));
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        long killedAt = System.nanoTime();
        assertThat(process.destroyForcibly()).isTrue();

        MeshFailure failure = await(actors.nextSupervisionEvent());
        long latency = (System.nanoTime() - killedAt) / 1_000_000;
        latenciesMs.add(latency);
        assertThat(failure.crashedRanks()).containsExactly(victim);
        assertThat(failure.event().actorStatus()).isInstanceOf(ActorStatus.Failed.class);
        assertThat(failure.event().actorId()).isEqualTo(victimRef.actorId());
        assertThat(actors.failure()).hasValue(failure);
        process.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        for (int rank = 0; rank < actors.numRanks(); rank++) {
          if (rank == victim) {
            continue;
          }
          ActorRef<MeshItActor.Msg> other = actors.get(rank).orElseThrow();
          assertThat(await(other.<String>ask(kit.client(), MeshItActor.WhoAmI::new, TIMEOUT)))
              .isEqualTo(other.actorId().toString());
        }
      } finally {
        // The victim's proc is dead already; the stop ends the others.
        procs.stop("trial done").handle((statuses, error) -> null).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    List<Long> sorted = new ArrayList<>(latenciesMs);
    Collections.sort(sorted);
    System.out.printf(
        "MeshSupervisionIT: %d SIGKILL trials, supervision_poll_frequency %s: kill-to-event latency"
            + " median %d ms, worst %d ms%n",
        TRIALS,
        POLL,
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
  }
}
