package io.hyperactor.mesh.cast;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.AccumPortReceiver;
import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.CastInfo;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples of the "Casting" chapter of {@code docs/meshes.md}, with the results they claim. */
class CastingDocExamplesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  sealed interface WorkerMsg permits Step, Count, Where, Steps {}

  record Step(long n, Rank rank, PortRef<Long> done) implements WorkerMsg {}

  record Count(OncePortRef<Long> reply) implements WorkerMsg {}

  record Where(OncePortRef<String> reply) implements WorkerMsg {}

  /** Not in the chapter: the steps an actor handled, in order. */
  record Steps(OncePortRef<List<Long>> reply) implements WorkerMsg {}

  record Params(String name) {}

  static final class Worker implements Actor<WorkerMsg> {
    static final SpawnKey<WorkerMsg, Params> KEY =
        SpawnKey.of("doc.Worker", WorkerMsg.class, Params.class);

    private long steps;
    private final List<Long> seen = new ArrayList<>();

    Worker(Params params) {}

    @Override
    public void handle(Context<WorkerMsg> cx, WorkerMsg msg) {
      switch (msg) {
        case Step s -> {
          steps++;
          seen.add(s.n());
          s.done().send(cx, s.rank().unwrap());
        }
        case Count c -> c.reply().send(cx, steps);
        case Where w -> w.reply().send(cx, CastInfo.of(cx).orElseThrow().point().toString());
        case Steps s -> s.reply().send(cx, List.copyOf(seen));
      }
    }
  }

  static void codecs(CodecRegistrar c) {
    c.sealed("doc.WorkerMsg", WorkerMsg.class).record("doc.Params", Params.class);
  }

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(CastingDocExamplesTest::codecs)
          .spawnable(Worker.KEY, Worker::new)
          .build();

  @Test
  void castingChapter() throws Exception {
    try (HostMesh hosts = HostMeshes.local(kit.system(), 2)) {
      ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).get(60, TimeUnit.SECONDS);
      ClientInstance client = kit.client();
      ActorMesh<WorkerMsg> workers =
          procs.spawn("workers", Worker.KEY, new Params("w")).get(60, TimeUnit.SECONDS);
      assertThat(workers.extent()).isEqualTo(Extent.of("hosts", 2, "gpus", 4));

      AccumPortReceiver<Long, Long> done = kit.client().openAccumPort(Accumulators.sum());
      for (long n = 1; n <= 100; n++) {
        workers.cast(client, new Step(n, Rank.unbound(), done.handle().bind()));
      }
      long total = 0;
      while (total != 2800) {
        total = done.recv(TIMEOUT);
        assertThat(total).isAtMost(2800L);
      }
      assertThat(workers.reduce(client, Count::new, Accumulators.sum()).join()).isEqualTo(800L);
      assertThat(workers.<String>call(client, Where::new).join().get(5))
          .hasValue("hosts=1/2,gpus=1/4");
      assertThat(workers.slice("hosts", 1).reduce(client, Count::new, Accumulators.sum()).join())
          .isEqualTo(400L);
    }
  }

  @Test
  void orderingExample() throws Exception {
    try (HostMesh hosts = HostMeshes.local(kit.system(), 2)) {
      ProcMesh procs = hosts.spawnProcs("workers", Extent.of("gpus", 4)).get(60, TimeUnit.SECONDS);
      ClientInstance client = kit.client();
      ActorMesh<WorkerMsg> workers =
          procs.spawn("workers", Worker.KEY, new Params("w")).get(60, TimeUnit.SECONDS);
      PortRef<Long> port = client.<Long>openPort().handle().bind();

      workers.cast(client, new Step(1, Rank.unbound(), port));
      workers.get(5).orElseThrow().send(client, new Step(2, Rank.of(5), port));
      workers.slice("hosts", 1).cast(client, new Step(3, Rank.unbound(), port));

      assertThat(
              workers.get(5).orElseThrow().<List<Long>>ask(client, Steps::new, TIMEOUT).join())
          .containsExactly(1L, 2L, 3L)
          .inOrder();
    }
  }
}
