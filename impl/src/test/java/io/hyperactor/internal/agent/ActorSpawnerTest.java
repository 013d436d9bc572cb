package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.TestServices;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A remote spawn takes its actor's protocol from the spawnable registration when it names one. */
class ActorSpawnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A generic actor: its class leaves the protocol open. */
  static final class Collector<T> implements Actor<T> {
    final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<T> cx, T message) {
      seen.add(message);
    }
  }

  private final Proc proc =
      Procs.local(TestServices.shared(), "spawner", TestServices.NO_EXIT);

  @AfterEach
  void tearDown() {
    proc.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
  }

  @Test
  void theRegisteredMessageTypeNarrowsAGenericActor() throws Exception {
    Collector<Object> collector = new Collector<>();
    SpawnableRegistry registry =
        new SpawnableRegistry().register("collector", Long.class, params -> collector);
    ActorInstanceState spawned =
        new ActorSpawner(proc, registry)
            .spawn(ResourceId.singleton("c"), 0, new ActorSpec("collector", new byte[0]));
    ActorId id = spawned.actorId();
    assertThat(id).isNotNull();
    try (ClientInstance client = proc.instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      client.post(id.portId(PortId.HANDLER_INDEX), "text");
      client.post(id.portId(PortId.HANDLER_INDEX), 7L);
      assertThat(collector.seen.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7L);
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message()).endsWith("accepts java.lang.Long, got java.lang.String");
    }
  }

  @Test
  void aRegisteredTypeOutsideWhatTheActorAcceptsFailsTheSpawn() {
    SpawnableRegistry registry =
        new SpawnableRegistry()
            .register(
                "numbers",
                String.class,
                params ->
                    new Actor<Long>() {
                      @Override
                      public void handle(Context<Long> cx, Long message) {}
                    });
    ActorInstanceState failed =
        new ActorSpawner(proc, registry)
            .spawn(ResourceId.singleton("n"), 0, new ActorSpec("numbers", new byte[0]));
    assertThat(failed.actorId()).isNull();
    assertThat(failed.status()).isInstanceOf(Status.Failed.class);
    assertThat(failed.status().toString())
        .contains("accepts java.lang.Long, which does not include java.lang.String");
  }

  @Test
  void aSpawnedMeshMemberRunsWithItsRankInTheMdc() throws Exception {
    LinkedBlockingQueue<String> ranks = new LinkedBlockingQueue<>();
    SpawnableRegistry registry =
        new SpawnableRegistry()
            .register(
                "ranked",
                Long.class,
                params ->
                    new Actor<Long>() {
                      @Override
                      public void handle(Context<Long> cx, Long message) {
                        ranks.add(String.valueOf(MDC.get("hyperactor.rank")));
                      }
                    });
    ActorInstanceState spawned =
        new ActorSpawner(proc, registry)
            .spawn(ResourceId.singleton("r"), 5, new ActorSpec("ranked", new byte[0]));
    assertThat(spawned.actorId()).isNotNull();
    try (ClientInstance client = proc.instance("client")) {
      client.post(spawned.actorId().portId(PortId.HANDLER_INDEX), 1L);
      assertThat(ranks.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("5");
    }
  }
}
