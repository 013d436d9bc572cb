package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.agent.AgentFixture.TIMEOUT;
import static io.hyperactor.internal.agent.AgentFixture.extraSpec;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.IntrospectResult;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.LogCapture;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.ResourceMessage;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's resource behaviour: creation, poisoning, stop rules, waiters, exit, orphans. */
@Timeout(120)
class ProcAgentTest {

  /** Makes the tracked actor behind {@code id} fail, and waits until the agent recorded it. */
  private static State<ActorState> failActor(AgentFixture f, ResourceId id) throws Exception {
    ActorId actor = f.awaitState(id, s -> s.state() != null).state().actorId();
    f.client.post(actor.portId(io.hyperactor.id.PortId.HANDLER_INDEX), "deliberate failure");
    return f.awaitState(id, s -> s.status() instanceof Status.Failed);
  }

  @Test
  void createSpawnsTheRegisteredTypeNamedAfterTheResource() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.instance("worker");
      f.create(id, 2, extraSpec());
      State<ActorState> state = f.getState(id);
      assertThat(state.status()).isEqualTo(Status.RUNNING);
      assertThat(state.generation()).isEqualTo(1);
      assertThat(state.state().createRank()).isEqualTo(2);
      assertThat(state.state().actorId().name()).isEqualTo(id.toString());
      assertThat(f.proc.getInstance(state.state().actorId())).isPresent();
      assertThat(f.rankStatus(id)).isEqualTo(StatusOverlay.single(2, Status.RUNNING));
    }
  }

  @Test
  void repeatedCreateIsANoOp() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("once");
      f.create(id, 0, extraSpec());
      f.create(id, 5, new ActorSpec("unregistered", new byte[0]));
      State<ActorState> state = f.getState(id);
      assertThat(state.status()).isEqualTo(Status.RUNNING);
      assertThat(state.state().createRank()).isEqualTo(0);
      assertThat(f.created.get()).isEqualTo(1);
    }
  }

  @Test
  void unregisteredTypeFailsTheResourceAndInstantiatesNothing() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      int rootsBefore = f.proc.rootActorIds().size();
      ResourceId id = ResourceId.singleton("ghost");
      f.create(id, 0, new ActorSpec("com.example.Evil", new byte[] {1, 2}));
      State<ActorState> state = f.getState(id);
      assertThat(state.status()).isInstanceOf(Status.Failed.class);
      assertThat(((Status.Failed) state.status()).message())
          .isEqualTo(
              "actor type 'com.example.Evil' is not registered as spawnable on proc "
                  + f.proc.procId()
                  + " (registered: [extra_actor, failing_actor, gated_cleanup_actor, parent_actor])");
      assertThat(state.state()).isNull();
      assertThat(state.generation()).isEqualTo(1);
      assertThat(f.created.get()).isEqualTo(0);
      assertThat(f.proc.rootActorIds()).hasSize(rootsBefore);
    }
  }

  @Test
  void failedSpawnDoesNotPoisonTheProc() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      f.create(ResourceId.singleton("bad"), 0, new ActorSpec("nope", new byte[0]));
      ResourceId good = ResourceId.singleton("good");
      f.create(good, 0, extraSpec());
      assertThat(f.getState(good).status()).isEqualTo(Status.RUNNING);
    }
  }

  @Test
  void specThatIsNotAnActorSpecFailsWithItsType() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("odd");
      f.send(new CreateOrUpdate<>(id, Rank.of(0), "just a string"));
      assertThat(f.getState(id).status())
          .isEqualTo(
              new Status.Failed(
                  "resource 'odd': spec of type java.lang.String is not an ActorSpec"));
    }
  }

  @Test
  void afterAnErrorEventNewSpawnsFailWithThePoisonMessage() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId victim = ResourceId.singleton("victim");
      f.create(victim, 0, new ActorSpec(AgentFixture.FAILING_ACTOR, new byte[0]));
      State<ActorState> failed = failActor(f, victim);
      assertThat(failed.generation()).isEqualTo(2);
      assertThat(failed.status().toString()).contains("deliberate failure");

      int createdBefore = f.created.get();
      ResourceId late = ResourceId.singleton("late");
      f.create(late, 1, extraSpec());
      State<ActorState> refused = f.getState(late);
      assertThat(refused.status()).isEqualTo(new Status.Failed(ProcAgent.POISONED_MESSAGE));
      assertThat(refused.generation()).isEqualTo(1);
      assertThat(f.created.get()).isEqualTo(createdBefore);

      // The coalesced republish exposes the poison.
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      Map<String, String> attrs = f.agent.cell().publishedAttrs().orElseThrow();
      while (!"true".equals(attrs.get("is_poisoned")) && System.nanoTime() < deadline) {
        Thread.sleep(10);
        attrs = f.agent.cell().publishedAttrs().orElseThrow();
      }
      assertThat(attrs).containsEntry("is_poisoned", "true");
      assertThat(attrs).containsEntry("failed_actor_count", "1");
    }
  }

  @Test
  void stopNotifiesStoppingThenStoppedAndIsIdempotent() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("stoppable");
      f.create(id, 0, extraSpec());
      try (PortReceiver<State<ActorState>> stream = f.client.openPort()) {
        f.send(new StreamState<>(id, stream.handle().bind()));
        assertThat(stream.recv(TIMEOUT).generation()).isEqualTo(1);
        f.send(new Stop(id, "first"));
        f.send(new Stop(id, "second"));
        State<ActorState> stopping = stream.recv(TIMEOUT);
        assertThat(stopping.status()).isEqualTo(Status.STOPPING);
        assertThat(stopping.generation()).isEqualTo(2);
        State<ActorState> stopped = stream.recv(TIMEOUT);
        assertThat(stopped.status()).isEqualTo(Status.STOPPED);
        assertThat(stopped.generation()).isEqualTo(3);
        assertThat(stopped.state().supervisionEvents().get(0).actorStatus().toString())
            .contains("first");
        // The second Stop changed nothing: no further update arrives before this state query.
        assertThat(f.getState(id).generation()).isEqualTo(3);
        assertThat(stream.tryRecv()).isNull();
      }
    }
  }

  @Test
  void unknownIdsAnswerNotExistAndEmptyOverlays() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("nobody");
      State<ActorState> state = f.getState(id);
      assertThat(state.status()).isEqualTo(Status.NOT_EXIST);
      assertThat(state.generation()).isEqualTo(0);
      assertThat(state.state()).isNull();
      assertThat(f.rankStatus(id).isEmpty()).isTrue();
      try (PortReceiver<StatusOverlay> rx = f.client.openPort()) {
        f.send(new WaitRankStatus(id, Status.STOPPED, rx.handle().bind()));
        assertThat(rx.recv(TIMEOUT).isEmpty()).isTrue();
      }
      f.send(new Stop(id, "nothing to stop"));
      assertThat(f.getState(id).status()).isEqualTo(Status.NOT_EXIST);
    }
  }

  @Test
  void streamOnAnUnknownIdIsNotRegistered() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("later");
      try (PortReceiver<State<ActorState>> stream = f.client.openPort()) {
        f.send(new StreamState<>(id, stream.handle().bind()));
        assertThat(stream.recv(TIMEOUT).status()).isEqualTo(Status.NOT_EXIST);
        f.create(id, 0, extraSpec());
        f.send(new Stop(id, "stop"));
        assertThat(f.awaitState(id, s -> s.status().equals(Status.STOPPED)).generation())
            .isEqualTo(3);
        assertThat(stream.tryRecv()).isNull();
      }
    }
  }

  @Test
  void waitRankStatusRepliesAtOnceWhenMetAndLaterOtherwise() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("waited");
      f.create(id, 3, extraSpec());
      try (PortReceiver<StatusOverlay> now = f.client.openPort();
          PortReceiver<StatusOverlay> later = f.client.openPort()) {
        f.send(new WaitRankStatus(id, Status.RUNNING, now.handle().bind()));
        assertThat(now.recv(TIMEOUT)).isEqualTo(StatusOverlay.single(3, Status.RUNNING));
        f.send(new WaitRankStatus(id, Status.STOPPED, later.handle().bind()));
        // Ordered after the wait on the agent's loop: the waiter is pending by now.
        assertThat(f.getState(id).status()).isEqualTo(Status.RUNNING);
        assertThat(later.tryRecv()).isNull();
        f.send(new Stop(id, "release the waiter"));
        assertThat(later.recv(TIMEOUT)).isEqualTo(StatusOverlay.single(3, Status.STOPPED));
      }
    }
  }

  @Test
  void stopAllExitsWithZeroWhenNothingFailed() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId a = ResourceId.singleton("a");
      ResourceId b = ResourceId.singleton("b");
      f.create(a, 0, extraSpec());
      f.create(b, 1, extraSpec());
      f.create(ResourceId.singleton("c"), 2, new ActorSpec("unregistered", new byte[0]));
      f.send(new StopAll("shutting down"));
      assertThat(f.awaitExit()).isEqualTo(0);
      // StopAll itself did not bump generations; the supervision events did, once each.
      assertThat(f.getState(a).generation()).isEqualTo(2);
      assertThat(f.getState(b).status()).isEqualTo(Status.STOPPED);
      assertThat(f.exitCodes).isEmpty();
    }
  }

  @Test
  void stopAllExitsWithOneWhenAnActorFailed() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId ok = ResourceId.singleton("ok");
      ResourceId bad = ResourceId.singleton("bad");
      f.create(ok, 0, extraSpec());
      f.create(bad, 1, new ActorSpec(AgentFixture.FAILING_ACTOR, new byte[0]));
      failActor(f, bad);
      f.send(new StopAll("shutting down"));
      assertThat(f.awaitExit()).isEqualTo(1);
    }
  }

  @Test
  void stopAllWithNothingTrackedExitsAtOnceAndOnlyOnce() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      f.send(new StopAll("empty"));
      assertThat(f.awaitExit()).isEqualTo(0);
      f.send(new StopAll("again"));
      // Processed in order before this query: the repeated request did not call the hook again.
      f.getState(ResourceId.singleton("x"));
      assertThat(f.exitCodes.poll(0, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void expiredKeepaliveIsNotReapedWhenOrphanTimeoutIsUnset() throws Exception {
    assertNoReaping(AgentFixture.quietConfig());
  }

  @Test
  void expiredKeepaliveIsNotReapedWhenOrphanTimeoutIsZero() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.of(Duration.ZERO));
    assertNoReaping(config);
  }

  private static void assertNoReaping(HyperactorConfig config) throws Exception {
    try (AgentFixture f = new AgentFixture(config)) {
      ResourceId id = ResourceId.singleton("kept");
      f.create(id, 0, extraSpec());
      try (PortReceiver<State<ActorState>> rx = f.client.openPort()) {
        f.send(
            new KeepaliveGetState<>(
                Instant.now().minusSeconds(60), new GetState<>(id, rx.handle().bind())));
        assertThat(rx.recv(TIMEOUT).status()).isEqualTo(Status.RUNNING);
      }
      f.send(new SelfCheck());
      assertThat(f.getState(id).status()).isEqualTo(Status.RUNNING);
      assertThat(f.agentActor.selfChecksArmed()).isEqualTo(0);
    }
  }

  @Test
  void selfCheckReapsOnlyExpiredKeepalivesWithoutBumpingGeneration() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    // Long enough that only the SelfCheck sent below runs during the test.
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.of(Duration.ofMinutes(10)));
    // The reaped actor's cleanup waits for the gate, so its STOPPING state cannot race past.
    config.set(HyperactorAttrs.CLEANUP_TIMEOUT, TIMEOUT);
    try (AgentFixture f = new AgentFixture(config)) {
      ResourceId expired = ResourceId.singleton("expired");
      ResourceId fresh = ResourceId.singleton("fresh");
      ResourceId never = ResourceId.singleton("never");
      f.create(expired, 0, AgentFixture.gatedCleanupSpec());
      f.create(fresh, 1, extraSpec());
      f.create(never, 2, extraSpec());
      try (PortReceiver<State<ActorState>> replies = f.client.openPort()) {
        f.send(
            new KeepaliveGetState<>(
                Instant.now().minusSeconds(1), new GetState<>(expired, replies.handle().bind())));
        f.send(
            new KeepaliveGetState<>(
                Instant.now().plusSeconds(3600), new GetState<>(fresh, replies.handle().bind())));
        replies.recv(TIMEOUT);
        replies.recv(TIMEOUT);
      }
      f.send(new SelfCheck());
      State<ActorState> stopping = f.getState(expired);
      assertThat(stopping.status()).isEqualTo(Status.STOPPING);
      assertThat(stopping.generation()).isEqualTo(1);
      f.cleanupGate.countDown();
      State<ActorState> reaped = f.awaitState(expired, s -> s.status().equals(Status.STOPPED));
      assertThat(reaped.generation()).isEqualTo(2);
      assertThat(f.getState(fresh).status()).isEqualTo(Status.RUNNING);
      assertThat(f.getState(never).status()).isEqualTo(Status.RUNNING);
      assertThat(f.agentActor.selfChecksArmed()).isEqualTo(2);
    }
  }

  @Test
  void memoryGaugesAreRecordedEveryInterval() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    config.set(HyperactorAttrs.PROCESS_MEMORY_METRIC_INTERVAL, Duration.ofMillis(50));
    LinkedBlockingQueue<String> gauges = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<ImmutableMap<String, String>> labels = new LinkedBlockingQueue<>();
    try (AgentFixture f =
        new AgentFixture(
            config,
            (name, value, l) -> {
              if (value > 0) {
                gauges.add(name);
              }
              labels.add(l);
            })) {
      for (int tick = 0; tick < 2; tick++) {
        assertThat(gauges.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("process.memory.rss_bytes");
        assertThat(gauges.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("process.memory.vm_bytes");
      }
      assertThat(labels.poll())
          .containsExactly(
              "proc_id",
              f.proc.procId().toString(),
              "pid",
              Long.toString(ProcessHandle.current().pid()));
      Map<String, String> attrs = f.agent.cell().publishedAttrs().orElseThrow();
      assertThat(Long.parseLong(attrs.get("process_rss_bytes"))).isGreaterThan(0L);
      assertThat(Long.parseLong(attrs.get("process_vm_size_bytes"))).isGreaterThan(0L);
    }
  }

  @Test
  void configDumpRepliesWithTheAgentsConfig() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    try (AgentFixture f = new AgentFixture(config)) {
      OncePortReceiver<ConfigDumpResult> rx = f.client.openOncePort();
      f.send(new ConfigDump(rx.handle().bind()));
      ConfigDumpResult dump = rx.recv(TIMEOUT);
      assertThat(dump.entry("process_memory_metric_interval").orElseThrow().value())
          .isEqualTo("0s");
      assertThat(dump.entries()).hasSize(config.dump().size());
    }
  }

  @Test
  void introspectionPublishesTheProcNode() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("visible");
      f.create(id, 0, extraSpec());
      ActorId actor = f.getState(id).state().actorId();
      Map<String, String> attrs = f.agent.cell().publishedAttrs().orElseThrow();
      assertThat(attrs).containsEntry("node_type", "proc");
      assertThat(attrs).containsEntry("proc_name", f.proc.procId().toString());
      assertThat(attrs.get("children")).contains("\"" + actor + "\"");
      assertThat(attrs.get("system_children")).contains("\"" + f.agent.actorId() + "\"");
      assertThat(attrs).containsEntry("is_poisoned", "false");
      assertThat(attrs).containsEntry("failed_actor_count", "0");
      assertThat(attrs).containsEntry("stopped_retention_cap", "100");
      assertThat(f.agent.cell().isSystem()).isTrue();
    }
  }

  @Test
  void queryChildOfAnUnknownRefIsNotFound() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      IntrospectResult r = ProcAgentSeedTest.queryChild(f, f.client, "local:999,nowhere,x[0]");
      assertThat(r.attr("error_code")).hasValue("not_found");
      assertThat(r.attr("error_message")).hasValue("child local:999,nowhere,x[0] not found");
    }
  }

  @Test
  void queryChildOfAStoppedActorReturnsItsSnapshot() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ActorHandle<Object> gone = f.proc.spawn("gone", new AgentFixture.ExtraActor());
      gone.drainAndStop("done");
      gone.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (f.proc.terminatedSnapshot(gone.actorId()).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      IntrospectResult r = ProcAgentSeedTest.queryChild(f, f.client, gone.actorId().toString());
      assertThat(r.identity()).isEqualTo(gone.actorId().toString());
      assertThat(r.attr("error_code")).isEmpty();
    }
  }

  @Test
  void unknownMessageTypesComeBackToTheirSenderAndDoNotFailTheAgent() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      PortReceiver<Undeliverable> returned = f.client.undeliverables();
      f.client.post(f.agent.actorId().portId(PortId.HANDLER_INDEX), 42);
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message()).contains("accepts one of [" + ResourceMessage.class.getName());
      assertThat(u.error().message()).endsWith("got java.lang.Integer");
      assertThat(u.envelope().payload()).isEqualTo(42);
      // A local send through the handle is refused the same way, at once.
      MailboxSenderException local = assertThrows(MailboxSenderException.class, () -> f.send(43));
      assertThat(local.kind()).isEqualTo(MailboxSenderException.Kind.WRONG_TYPE);
      assertThat(f.getState(ResourceId.singleton("x")).status()).isEqualTo(Status.NOT_EXIST);
      assertThat(f.agent.status().isTerminal()).isFalse();
    }
  }

  @Test
  void createWithAnUnboundRankComesBackToItsSender() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      PortReceiver<Undeliverable> returned = f.client.undeliverables();
      ResourceId id = ResourceId.instance("uncast");
      f.client.post(
          f.agent.actorId().portId(PortId.HANDLER_INDEX),
          new CreateOrUpdate<>(id, Rank.unbound(), AgentFixture.extraSpec()));
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.REFUSED);
      assertThat(u.error().message())
          .contains("CreateOrUpdate of '" + id + "' has an unbound rank");
      assertThat(f.getState(id).status()).isEqualTo(Status.NOT_EXIST);
      assertThat(f.agent.status().isTerminal()).isFalse();
    }
  }

  @Test
  void factoryFailureBecomesTheResourceStatus() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    try (AgentFixture f = new AgentFixture(config)) {
      ResourceId id = ResourceId.singleton("broken");
      SpawnableRegistry registry =
          new SpawnableRegistry()
              .register(
                  "needs_params",
                  params -> {
                    throw new IllegalArgumentException(
                        "needs_params expects 4 param bytes, got " + params.length);
                  });
      ProcAgent other =
          ProcAgent.create(
              f.proc, new ProcAgentOptions(config, registry, c -> {}, GaugeRecorder.LOGGING));
      ActorHandle<Object> agent = f.proc.spawn("other_agent", new Forwarding(other));
      try (PortReceiver<State<ActorState>> rx = f.client.openPort()) {
        agent.send(
            f.client,
            new CreateOrUpdate<>(id, Rank.of(0), new ActorSpec("needs_params", new byte[1])));
        agent.send(f.client, new GetState<>(id, rx.handle().bind()));
        assertThat(rx.recv(TIMEOUT).status())
            .isEqualTo(
                new Status.Failed(
                    "cannot create actor of type 'needs_params' for resource 'broken':"
                        + " java.lang.IllegalArgumentException: needs_params expects 4 param"
                        + " bytes, got 1"));
      }
    }
  }

  /** Runs an agent's resource handling without its init (the proc already has a coordinator). */
  private static final class Forwarding implements io.hyperactor.Actor<Object> {
    private final ProcAgent agent;

    Forwarding(ProcAgent agent) {
      this.agent = agent;
    }

    @Override
    public void handle(Context<Object> cx, Object message) {
      agent.handle(cx, message);
    }
  }

  @Test
  void rootFailingOnADescendantsFailureFailsItsResource() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("parent");
      f.create(id, 0, new ActorSpec(AgentFixture.PARENT_ACTOR, new byte[0]));
      ActorId root = f.getState(id).state().actorId();
      f.client.post(root.portId(io.hyperactor.id.PortId.HANDLER_INDEX), "kid failure");
      try (PortReceiver<StatusOverlay> rx = f.client.openPort()) {
        f.send(new WaitRankStatus(id, Status.STOPPED, rx.handle().bind()));
        Status status = rx.recv(TIMEOUT).runs().get(0).status();
        assertThat(status).isInstanceOf(Status.Failed.class);
        assertThat(status.toString()).contains("kid failure");
      }
      State<ActorState> state = f.getState(id);
      assertThat(state.generation()).isEqualTo(2);
      // The recorded event names the descendant where the failure started.
      assertThat(state.state().supervisionEvents().get(0).actorId().name()).isEqualTo("kid");
    }
  }

  @Test
  void localServicesHandOutClientsAndTheProc() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      OncePortReceiver<io.hyperactor.ClientInstance> clients = f.client.openOncePort();
      f.send(new NewClientInstance(clients.handle()));
      try (io.hyperactor.ClientInstance c = clients.recv(TIMEOUT)) {
        assertThat(c.selfId().name()).isEqualTo("client_1");
      }
      OncePortReceiver<io.hyperactor.Proc> procs = f.client.openOncePort();
      f.send(new GetProc(procs.handle()));
      assertThat(procs.recv(TIMEOUT)).isSameInstanceAs(f.proc);
    }
  }

  @Test
  void replyToAGoneCallerDoesNotFailTheAgent() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ResourceId id = ResourceId.singleton("asked");
      f.create(id, 0, extraSpec());
      PortReceiver<State<ActorState>> gone = f.client.openPort();
      gone.close();
      f.send(new GetState<>(id, gone.handle().bind()));
      PortReceiver<StatusOverlay> goneOverlay = f.client.openPort();
      goneOverlay.close();
      f.send(new WaitRankStatus(id, Status.RUNNING, goneOverlay.handle().bind()));
      // The bounces are queued while the agent handles the requests, so they are handled before
      // a request sent after the first round trip: the second one proves they were absorbed.
      f.getState(id);
      assertThat(f.getState(id).status()).isEqualTo(Status.RUNNING);
      assertThat(f.agent.status().isTerminal()).isFalse();
    }
  }

  @Test
  void aReplyToAClosedPortThatAskedForNoReturnIsDroppedWithoutAWarning() throws Exception {
    try (AgentFixture f = new AgentFixture();
        LogCapture agentLog = LogCapture.of(ProcAgent.class);
        LogCapture procLog = LogCapture.named("io.hyperactor.internal.ProcImpl")) {
      ResourceId id = ResourceId.singleton("polled");
      f.create(id, 0, extraSpec());
      PortReceiver<StatusOverlay> quiet = f.client.openPort();
      PortRef<StatusOverlay> quietRef = quiet.handle().bind().withReturnUndeliverable(false);
      quiet.close();
      PortReceiver<StatusOverlay> loud = f.client.openPort();
      PortRef<StatusOverlay> loudRef = loud.handle().bind();
      loud.close();
      f.send(new GetRankStatus(id, quietRef));
      f.send(new GetRankStatus(id, loudRef));
      // As above: two round trips after the requests prove the bounce was handled.
      f.getState(id);
      f.getState(id);

      List<String> warnings =
          agentLog.events().stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .map(e -> e.getFormattedMessage())
              .filter(m -> m.contains("could not be delivered"))
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("to " + loudRef.portId() + " could not be delivered");
      assertThat(
              procLog.events().stream()
                  .filter(e -> e.getMessage().contains("dropped, as its sender asked"))
                  .map(e -> ((MessageEnvelope) e.getArgumentArray()[0]).dest())
                  .filter(dest -> dest.actorId().procId().equals(f.proc.procId()))
                  .toList())
          .containsExactly(quietRef.portId());
    }
  }
}
