package io.hyperactor.it.cast;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.AccumPortReceiver;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.it.cast.CastMeshActor.Msg;
import io.hyperactor.it.cast.CastMeshActor.Numbered;
import io.hyperactor.it.cast.CastMeshActor.Report;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.ref.PortRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 casts to a 4 x 8 actor mesh on 4 forked JVMs (eight actors each): every actor receives
 * each message exactly once and in order, and a sum-reduced reply port shows the exact total, once,
 * and nothing after it.
 */
class CastOrderingIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int CASTS = 10_000;

  /**
   * Casts in flight at most. The runtime has no send-side flow control: what a receiver has not
   * acknowledged within {@code message_delivery_timeout} comes back to its sender, so a sender that
   * outruns a loaded machine by that much gets casts back. The test paces itself as an
   * application would.
   */
  private static final int WINDOW = 1_000;

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(CastMeshActor::codecs)
          .spawnable(CastMeshActor.KEY, CastMeshActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .build();

  @Test
  void tenThousandCastsArriveOnceEachInOrderAndTheirSumOnce() throws Exception {
    long setup = System.nanoTime();
    try (ForkedHosts forked = ForkedHosts.start(kit.system(), kit.client(), 4)) {
      ProcMesh procs =
          forked.hosts.spawnProcs("workers", Extent.of("gpus", 8)).get(120, TimeUnit.SECONDS);
      ActorMesh<Msg> actors =
          procs.spawn("ordered", CastMeshActor.KEY, new CastMeshActor.Params("ordered"))
              .get(120, TimeUnit.SECONDS);
      assertThat(actors.extent()).isEqualTo(Extent.of("hosts", 4, "gpus", 8));
      ClientInstance client = kit.client();
      PortReceiver<Undeliverable> returned = client.undeliverables();
      AccumPortReceiver<Long, Long> sum = client.openAccumPort(Accumulators.sum());
      PortRef<Long> sumRef = sum.handle().bind();

      long start = System.nanoTime();
      long ranks = actors.numRanks();
      long expected = ranks * CASTS * (CASTS + 1) / 2;
      long state = 0;
      int states = 0;
      for (long n = 1; n <= CASTS; n++) {
        actors.cast(client, new Numbered(n, sumRef));
        if (n % WINDOW == 0) {
          // The sum of the casts so far is reached exactly when every actor has each of them: no
          // later cast has been sent yet.
          long sentSoFar = ranks * n * (n + 1) / 2;
          while (state != sentSoFar) {
            state = sum.recv(TIMEOUT);
            states++;
            assertThat(state).isAtMost(sentSoFar);
          }
        }
      }
      assertThat(state).isEqualTo(expected);
      long summed = System.nanoTime();
      // Cast after the numbered ones, the report reaches each actor after all of them: exactly
      // CASTS arrived, each once and in order, at every one of the 32 actors.
      long inOrder =
          actors
              .reduce(client, r -> new Report(CASTS, r), Accumulators.sum(), TIMEOUT)
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(inOrder).isEqualTo(actors.numRanks());
      System.out.printf(
          "%s: %d casts to %d actors on %d forked JVMs (set up in %d ms), in windows of %d: exact"
              + " sum %d after %d ms (%d accumulator states), %d deliveries/s%n",
          getClass().getSimpleName(),
          CASTS,
          actors.numRanks(),
          forked.jvms.size(),
          (start - setup) / 1_000_000,
          WINDOW,
          expected,
          (summed - start) / 1_000_000,
          states,
          (long) CASTS * actors.numRanks() * 1_000_000_000L / (summed - start));
      // Split ports pass reductions on within split_max_buffer_age (50 ms) per hop, and the tree is
      // two hops deep: a second later, nothing more has come.
      Thread.sleep(1000);
      assertThat(sum.tryRecv()).isNull();
      assertThat(returned.tryRecv()).isNull();
    }
  }
}
