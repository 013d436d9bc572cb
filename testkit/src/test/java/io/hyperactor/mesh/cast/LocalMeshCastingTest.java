package io.hyperactor.mesh.cast;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.PortReceiver;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.mesh.cast.CastActor.CastInfoReply;
import io.hyperactor.mesh.cast.CastActor.GetCastInfo;
import io.hyperactor.mesh.cast.CastActor.GetRank;
import io.hyperactor.resource.Rank;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Casting on meshes made the public way, on in-process hosts: a new proc mesh gets its comm actors,
 * and casts, calls and reductions through the actor mesh go through them.
 */
class LocalMeshCastingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(CastActor::codecs)
          .spawnable(CastActor.KEY, CastActor::new)
          .build();

  @Test
  void castsCallsAndReductionsGoThroughTheCommTree() throws Exception {
    try (HostMesh hosts = HostMeshes.local(kit.system(), 2)) {
      ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 2)).get(60, TimeUnit.SECONDS);
      ActorMesh<CastActor.Msg> actors =
          procs.spawn("cast", CastActor.KEY, new CastActor.Params("x")).get(60, TimeUnit.SECONDS);
      assertThat(actors.numRanks()).isEqualTo(4);

      PortReceiver<CastInfoReply> infos = kit.client().openPort();
      actors.cast(kit.client(), new GetCastInfo(infos.handle().bind()));
      Set<String> points = new HashSet<>();
      for (int i = 0; i < actors.numRanks(); i++) {
        CastInfoReply info = infos.recv(TIMEOUT);
        assertThat(info.sender()).isEqualTo(kit.client().selfId());
        points.add(info.point());
      }
      assertThat(points).hasSize(4);

      assertThat(
              actors.<Long>call(kit.client(), r -> new GetRank(Rank.unbound(), r), TIMEOUT)
                  .get()
                  .values()
                  .toList())
          .containsExactly(0L, 1L, 2L, 3L)
          .inOrder();
      assertThat(
              actors.reduce(kit.client(), r -> new GetRank(Rank.unbound(), r), Accumulators.sum(), TIMEOUT).get())
          .isEqualTo(6L);
      assertThat(
              actors
                  .slice(actors.extent().labels().get(1), Range.of(1, 2))
                  .reduce(kit.client(), r -> new GetRank(Rank.unbound(), r), Accumulators.sum(), TIMEOUT)
                  .get())
          .isEqualTo(1L);
    }
  }
}
