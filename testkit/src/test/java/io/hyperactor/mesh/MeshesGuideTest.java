package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worked example of {@code docs/meshes.md} ("Host, proc and actor meshes") on in-process
 * hosts, with the results the guide states.
 */
class MeshesGuideTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(MeshTestActor::codecs)
          .spawnable(MeshTestActor.KEY, MeshTestActor::new)
          .build();

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void theWorkedExample() throws Exception {
    List<SpawnProgress> progress = new ArrayList<>();
    try (HostMesh hosts = HostMeshes.local(kit.system(), 2)) {
      assertThat(hosts.extent()).isEqualTo(Extent.of("hosts", 2));
      ProcMesh procs = await(hosts.spawnProcs("workers", Extent.of("gpus", 4), progress::add));
      assertThat(procs.extent()).isEqualTo(Extent.of("hosts", 2, "gpus", 4));
      assertThat(procs.get(6).orElseThrow().createRank()).isEqualTo(6);
      SpawnProgress last = progress.get(progress.size() - 1);
      assertThat(last.running()).isEqualTo(8);
      assertThat(last.toString()).startsWith(procs.id() + ": 8/8 running after ");

      ActorMesh<MeshTestActor.Msg> trainers =
          await(procs.spawn("trainer", MeshTestActor.KEY, MeshTestActor.Params.NORMAL));
      ClientInstance cx = kit.client();
      ValueMesh<String> ids = await(trainers.<String>call(cx, MeshTestActor.WhoAmI::new));
      for (int rank = 0; rank < 8; rank++) {
        assertThat(ids.get(rank).orElseThrow())
            .isEqualTo(trainers.get(rank).orElseThrow().actorId().toString());
      }

      ActorMeshRef<MeshTestActor.Msg> gpu0 = trainers.slice("gpus", 0);
      assertThat(gpu0.region().values().toList()).containsExactly(0, 4).inOrder();
      PortReceiver<String> told = cx.openPort(String.class);
      gpu0.cast(cx, new MeshTestActor.Tell("checkpoint", told.handle().bind()));
      List<String> replies = List.of(told.recv(TIMEOUT), told.recv(TIMEOUT));
      assertThat(replies)
          .containsExactly(
              "checkpoint from " + trainers.get(0).orElseThrow().actorId(),
              "checkpoint from " + trainers.get(4).orElseThrow().actorId());
      assertThat(told.tryRecv()).isNull();

      ValueMesh<State<ActorState>> states = await(gpu0.states(cx));
      assertThat(states.get(1).orElseThrow().payload().orElseThrow().createRank()).isEqualTo(4);
      ValueMesh<State<ProcState>> procStates = await(procs.procStates(cx));
      assertThat(procStates.values().allMatch(s -> s.status().equals(Status.RUNNING))).isTrue();

      ValueMesh<Status> stopped = await(trainers.stop("done"));
      assertThat(stopped.values().allMatch(s -> s.equals(Status.STOPPED))).isTrue();
      assertThat(trainers.failure().orElseThrow().toString()).contains("mesh stopped");
      assertThat(await(procs.stop("done")).values().allMatch(s -> s.equals(Status.STOPPED)))
          .isTrue();
    }
  }

  @Test
  void procsMayNotReuseAHostLabel() throws Exception {
    try (HostMesh hosts = HostMeshes.local(kit.system(), 1)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> await(hosts.spawnProcs("bad", Extent.of("hosts", 2))));
      MeshException failure = (MeshException) e.getCause();
      assertThat(failure.kind()).isEqualTo(MeshException.Kind.CONFIGURATION);
      assertThat(failure)
          .hasMessageThat()
          .contains("per-host dimension 'hosts' of {hosts: 2} overlaps with the dimensions of host mesh");
    }
  }

  @Test
  void anUnregisteredTypeFailsTheSpawnWithItsReason() throws Exception {
    io.hyperactor.SpawnKey<MeshTestActor.Msg, Void> unknown =
        io.hyperactor.SpawnKey.of("test.no_such_actor", MeshTestActor.Msg.class);
    try (HostMesh hosts = HostMeshes.local(kit.system(), 1)) {
      ProcMesh procs = await(hosts.spawnProcs("procs", Extent.of("gpus", 2)));
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> await(procs.spawn("x", unknown)));
      MeshException failure = (MeshException) e.getCause();
      assertThat(failure.kind()).isEqualTo(MeshException.Kind.ACTOR_SPAWN);
      Status status = failure.statuses().orElseThrow().get(1).orElseThrow();
      assertThat(status.toString()).contains("actor type 'test.no_such_actor' is not registered");
    }
  }

  @Test
  void theHostMeshRefOfTheGuideParsesAndSlices() {
    HostMeshRef hosts =
        HostMeshes.parseRef("test:local:1,local:2,local:3,local:4@replica=2/2,host=2/1");
    assertThat(hosts.range("replica", 1).toString())
        .isEqualTo("test:local:3,local:4@2+replica=1/2,host=2/1");
  }
}
