package io.hyperactor.it.cast;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.AccumPortReceiver;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.PortId;
import io.hyperactor.it.cast.CastMeshActor.GetPid;
import io.hyperactor.it.cast.CastMeshActor.Msg;
import io.hyperactor.it.cast.CastMeshActor.Numbered;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.ref.PortRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cast to a mesh one of whose forked JVMs was SIGKILLed: the copies for the actors in that JVM
 * come back to the caster as undeliverable, one per actor and cast, and every other actor gets
 * every cast.
 */
class CastToKilledProcIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int CASTS = 20;
  private static final int KILLED_HOST = 2;

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(CastMeshActor::codecs)
          .spawnable(CastMeshActor.KEY, CastMeshActor::new)
          .config(
              c -> {
                c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
                // A forward to the killed JVM comes back when its link gives up: bound it well
                // below the test's timeout.
                c.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(5));
              })
          .build();

  @Test
  void castsForAKilledProcComeBackAndTheRestAreDelivered() throws Exception {
    try (ForkedHosts forked = ForkedHosts.start(kit.system(), kit.client(), 4)) {
      ProcMesh procs =
          forked.hosts.spawnProcs("workers", Extent.of("gpus", 8)).get(120, TimeUnit.SECONDS);
      ActorMesh<Msg> actors =
          procs.spawn("victims", CastMeshActor.KEY, new CastMeshActor.Params("victims"))
              .get(120, TimeUnit.SECONDS);
      ClientInstance client = kit.client();
      ValueMesh<Long> pids = actors.<Long>call(client, GetPid::new, TIMEOUT).get();
      int perHost = actors.extent().sizes().get(1);
      long pid = pids.get(KILLED_HOST * perHost).orElseThrow();
      Set<PortId> killed = new HashSet<>();
      for (int rank = 0; rank < actors.numRanks(); rank++) {
        if (pids.get(rank).orElseThrow() == pid) {
          killed.add(actors.get(rank).orElseThrow().actorId().portId(PortId.HANDLER_INDEX));
        }
      }
      assertThat(killed).hasSize(perHost);
      ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
      assertThat(victim.destroyForcibly()).isTrue();
      victim.onExit().get(60, TimeUnit.SECONDS);

      PortReceiver<Undeliverable> returned = client.undeliverables();
      AccumPortReceiver<Long, Long> sum = client.openAccumPort(Accumulators.sum());
      PortRef<Long> sumRef = sum.handle().bind();
      long start = System.nanoTime();
      // Through the plain ref: the owned mesh refuses casts once its controller reports the kill,
      // and this test is about the copies the comm actors forward to the dead JVM.
      for (long n = 1; n <= CASTS; n++) {
        actors.ref().cast(client, new Numbered(n, sumRef));
      }

      Map<PortId, Integer> returns = new HashMap<>();
      while (returns.values().stream().mapToInt(Integer::intValue).sum() < CASTS * perHost) {
        Undeliverable u = returned.recv(TIMEOUT);
        if (!(u.envelope().payload() instanceof Numbered)) {
          // The host mesh's own traffic to the killed host (keepalives) comes back here too.
          continue;
        }
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MULTICAST);
        assertThat(u.envelope().sender()).isEqualTo(client.selfId());
        assertThat(u.envelope().payload()).isInstanceOf(Numbered.class);
        returns.merge(u.envelope().dest(), 1, Integer::sum);
      }
      long returnedAfter = System.nanoTime();
      Map<PortId, Integer> expectedReturns = new HashMap<>();
      killed.forEach(port -> expectedReturns.put(port, CASTS));
      assertThat(returns).isEqualTo(expectedReturns);

      long live = actors.numRanks() - perHost;
      long expected = live * CASTS * (CASTS + 1) / 2;
      long state = 0;
      while (state != expected) {
        state = sum.recv(TIMEOUT);
        assertThat(state).isAtMost(expected);
      }
      System.out.printf(
          "%s: %d casts to %d actors, %d of them in the killed JVM: %d returns in %d ms, %d"
              + " deliveries summed%n",
          getClass().getSimpleName(),
          CASTS,
          actors.numRanks(),
          perHost,
          CASTS * perHost,
          (returnedAfter - start) / 1_000_000,
          live * CASTS);
      Undeliverable late;
      while ((late = returned.tryRecv()) != null) {
        assertThat(late.envelope().payload()).isNotInstanceOf(Numbered.class);
      }
    }
  }
}
