package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.internal.agent.AgentFixture.TIMEOUT;
import static io.hyperactor.internal.agent.AgentFixture.extraSpec;

import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.agent.AgentFixture.BlockActor;
import io.hyperactor.internal.agent.AgentFixture.ExtraActor;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proc agent's seed tests, and the mesh controller's orphan tests adapted to a bare proc. */
@Timeout(120)
class ProcAgentSeedTest {

  static IntrospectResult queryChild(AgentFixture f, ClientInstance client, String ref)
      throws Exception {
    OncePortReceiver<IntrospectResult> rx = client.openOncePort();
    client.post(
        f.agent.actorId().portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.QueryChild(ref, rx.handle().bind()));
    return rx.recv(Duration.ofSeconds(5));
  }

  static String procRef(AgentFixture f) {
    return f.proc.procId().toString();
  }

  @Test
  void testQueryChildProcReturnsLiveChildren() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      f.agent.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);
      IntrospectResult first = queryChild(f, f.client, procRef(f));
      assertThat(first.attr("node_type")).hasValue("proc");
      String agentId = f.agent.actorId().toString();
      assertThat(first.children()).contains(agentId);

      // Spawned directly: no CreateOrUpdate and no republish, yet it must show up.
      ActorHandle<Object> extra = f.proc.spawn("extra_actor", new ExtraActor());
      IntrospectResult second = queryChild(f, f.client, procRef(f));
      assertThat(second.attr("node_type")).hasValue("proc");
      assertThat(second.children()).contains(extra.actorId().toString());
      assertThat(second.children().size()).isGreaterThan(first.children().size());
    }
  }

  @Test
  void testRapidSpawnStopDoesNotStallProcAgent() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      f.agent.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger answered = new AtomicInteger();
      ClientInstance querier = f.proc.instance("querier");
      Thread background =
          Thread.ofPlatform()
              .name("query-child-poller")
              .start(
                  () -> {
                    while (!done.get()) {
                      try {
                        OncePortReceiver<IntrospectResult> rx = querier.openOncePort();
                        querier.post(
                            f.agent.actorId().portId(PortId.INTROSPECT_INDEX),
                            new IntrospectMessage.QueryChild(procRef(f), rx.handle().bind()));
                        rx.recv(Duration.ofSeconds(2));
                        answered.incrementAndGet();
                        Thread.sleep(10);
                      } catch (InterruptedException e) {
                        return;
                      } catch (Exception e) {
                        // A slow reply is counted as missing; the final assertions judge liveness.
                      }
                    }
                  });
      long start = System.nanoTime();
      int completed = 0;
      try {
        for (int i = 0; i < 200; i++) {
          ActorHandle<Object> a = f.proc.spawn("rapid_" + i, new ExtraActor());
          a.drainAndStop("rapid stop");
          a.termination().get(5, TimeUnit.SECONDS);
          completed++;
        }
      } finally {
        done.set(true);
        background.join(TIMEOUT.toMillis());
        querier.close();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertWithMessage("spawn/stop loop took %s: convoy starvation of the proc agent", elapsed)
          .that(elapsed)
          .isLessThan(Duration.ofSeconds(30));
      assertThat(completed).isEqualTo(200);
      assertThat(answered.get()).isAtLeast(1);
      assertThat(queryChild(f, f.client, procRef(f)).attr("node_type")).hasValue("proc");
    }
  }

  @Test
  void testStreamStateAndUnsubscribe() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId first = ResourceId.singleton("test-actor");
      f.create(first, 0, extraSpec());
      PortReceiver<State<ActorState>> stream = f.client.openPort();
      f.send(new StreamState<>(first, stream.handle().bind()));
      State<ActorState> running = AgentFixture.next(stream);
      assertThat(running.status()).isEqualTo(Status.RUNNING);
      assertThat(running.state()).isNotNull();

      f.send(new Stop(first, "test stop"));
      assertThat(AgentFixture.next(stream).status()).isEqualTo(Status.STOPPING);
      assertThat(AgentFixture.next(stream).status()).isEqualTo(Status.STOPPED);
      stream.close();

      ResourceId second = ResourceId.singleton("test-actor-2");
      f.create(second, 1, extraSpec());
      PortReceiver<State<ActorState>> dropped = f.client.openPort();
      f.send(new StreamState<>(second, dropped.handle().bind()));
      assertThat(AgentFixture.next(dropped).status()).isEqualTo(Status.RUNNING);
      dropped.close();
      f.send(new Stop(second, "stop with a dead subscriber"));

      PortReceiver<State<ActorState>> third = f.client.openPort();
      f.send(new StreamState<>(second, third.handle().bind()));
      State<ActorState> seen = AgentFixture.next(third);
      while (!seen.status().isTerminating()) {
        seen = AgentFixture.next(third);
      }
      assertThat(seen.status().isTerminating()).isTrue();
      third.close();

      // The agent survived the bounced update and still answers.
      State<ActorState> after = f.getState(second);
      assertThat(after.status().isTerminating()).isTrue();
      assertThat(f.agent.status().isTerminal()).isFalse();
      assertThat(f.agentActor.deadSubscriptionsDropped()).isAtLeast(1);
    }
  }

  @Test
  void testQueryChildProcQueueDepthUnderPressure() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ActorHandle<BlockActor.Msg> blocker = f.proc.spawn("blocker", new BlockActor());
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch gate = new CountDownLatch(1);
      try {
        blocker.send(new BlockActor.Block(entered, gate));
        assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        blocker.send(new BlockActor.Noop());
        blocker.send(new BlockActor.Noop());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        IntrospectResult result = queryChild(f, f.client, procRef(f));
        while (Long.parseLong(result.attr("actor_work_queue_depth_total").orElse("0")) == 0) {
          assertWithMessage("queue depth never showed up: %s", result.attrs())
              .that(System.nanoTime())
              .isLessThan(deadline);
          Thread.sleep(50);
          result = queryChild(f, f.client, procRef(f));
        }
        long total = Long.parseLong(result.attr("actor_work_queue_depth_total").get());
        long max = Long.parseLong(result.attr("actor_work_queue_depth_max").get());
        long hwm = Long.parseLong(result.attr("actor_work_queue_depth_high_water_mark").get());
        assertThat(max).isGreaterThan(0L);
        assertThat(max).isAtMost(total);
        assertThat(hwm).isAtLeast(total);
        assertThat(result.attr("last_nonzero_queue_depth_age_ms")).isPresent();
      } finally {
        gate.countDown();
      }
    }
  }

  private static HyperactorConfig orphanConfig(Duration timeout) {
    HyperactorConfig config = AgentFixture.quietConfig();
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.of(timeout));
    return config;
  }

  private static StatusOverlay waitFor(AgentFixture f, ResourceId id, Status min) throws Exception {
    try (PortReceiver<StatusOverlay> rx = f.client.openPort()) {
      f.send(new WaitRankStatus(id, min, rx.handle().bind()));
      return rx.recv(TIMEOUT);
    }
  }

  private static State<ActorState> keepalive(AgentFixture f, ResourceId id, Duration expiresIn)
      throws Exception {
    try (PortReceiver<State<ActorState>> rx = f.client.openPort()) {
      f.send(
          new KeepaliveGetState<>(
              Instant.now().plus(expiresIn), new GetState<>(id, rx.handle().bind())));
      return rx.recv(TIMEOUT);
    }
  }

  @Test
  void testOrphanedActorsAreCleanedUp() throws Exception {
    try (AgentFixture f = new AgentFixture(orphanConfig(Duration.ofSeconds(1)))) {
      ResourceId a = ResourceId.instance("orphan");
      ResourceId b = ResourceId.instance("orphan");
      f.create(a, 0, extraSpec());
      f.create(b, 1, extraSpec());
      assertThat(keepalive(f, a, Duration.ofSeconds(2)).status()).isEqualTo(Status.RUNNING);
      assertThat(keepalive(f, b, Duration.ofSeconds(2)).status()).isEqualTo(Status.RUNNING);

      assertThat(waitFor(f, a, Status.STOPPED)).isEqualTo(StatusOverlay.single(0, Status.STOPPED));
      assertThat(waitFor(f, b, Status.STOPPED)).isEqualTo(StatusOverlay.single(1, Status.STOPPED));
      State<ActorState> state = f.getState(a);
      assertThat(state.state().supervisionEvents().get(0).actorStatus().toString())
          .contains("orphaned");
    }
  }

  @Test
  void testOrphanedActorsCleanedUpOnControllerCrash() throws Exception {
    try (AgentFixture f = new AgentFixture(orphanConfig(Duration.ofSeconds(2)))) {
      ResourceId id = ResourceId.instance("mesh");
      f.create(id, 0, extraSpec());
      // The owner polls every second with a keepalive (expiring generously late, so a slow
      // machine cannot reap the actor while the owner is still alive)...
      Duration poll = Duration.ofSeconds(1);
      for (int i = 0; i < 3; i++) {
        assertThat(keepalive(f, id, Duration.ofSeconds(5)).status()).isEqualTo(Status.RUNNING);
        Thread.sleep(poll.toMillis());
      }
      // ...then crashes: no more keepalives, and the agent reaps the actor on its own.
      assertThat(waitFor(f, id, Status.STOPPED)).isEqualTo(StatusOverlay.single(0, Status.STOPPED));
    }
  }
}
