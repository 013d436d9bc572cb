package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.ClientInstance;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.internal.agent.ProcAgentOptions;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mesh.HostAgentMessage.DrainHost;
import io.hyperactor.internal.mesh.HostAgentMessage.HostAck;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.KeepaliveGetState;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StreamState;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host agent on a host whose procs are child JVMs, as upstream's {@code host_agent.rs} tests
 * it.
 *
 * <p>Creation runs off the agent's loop here, so a state asked right after {@code CreateOrUpdate}
 * may still be {@code Initializing}; where upstream's tests read the state right after creating,
 * these wait for {@code Running} with {@code WaitRankStatus} first.
 */
@Timeout(120)
class HostAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ActorSystem system;
  private Host<Object, ProcessProcConfig> host;
  private ActorRef<Object> agent;
  private ClientInstance client;

  @BeforeEach
  void startHost() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
    // Only procs whose owner sent a keepalive can be orphaned; the other tests send none.
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.of(Duration.ofSeconds(1)));
    system = ActorSystem.builder().name("host-agent-test").config(config).build();
    host =
        system.processHost(
            ChannelAddr.any(ChannelTransport.UNIX),
            ProcessProcManagerOptions.fromConfig(config).withTransport(ChannelTransport.UNIX));
    host.serve();
    HostAgent.bootOn(
        host,
        config,
        proc -> ProcAgent.boot(proc, ProcAgentOptions.defaults(config, new SpawnableRegistry())
            .withExitHook(code -> {})),
        () -> {});
    agent = ActorRef.attest(new HostRef(host.addr()).agentId());
    client = system.client();
  }

  @AfterEach
  void stopHost() {
    system.close();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }

  private void create(ResourceId id, long rank, @Nullable HostMeshId mesh) {
    agent.send(
        client,
        new CreateOrUpdate<>(
            id, Rank.of(rank), new ProcSpec(ImmutableMap.of(), mesh == null ? null : mesh.toString())));
  }

  private PortReceiver<StatusOverlay> waitRankStatus(ResourceId id, Status min) {
    PortReceiver<StatusOverlay> rx = client.openPort(StatusOverlay.class);
    agent.send(client, new WaitRankStatus(id, min, rx.handle().bind()));
    return rx;
  }

  private Status awaitStatus(ResourceId id, Status min) throws Exception {
    StatusOverlay overlay = waitRankStatus(id, min).recv(WAIT);
    assertThat(overlay.isEmpty()).isFalse();
    return overlay.runs().get(0).status();
  }

  private State<ProcState> state(ResourceId id) throws Exception {
    PortReceiver<State<ProcState>> rx = client.openPort();
    agent.send(client, new GetState<ProcState>(id, rx.handle().bind()));
    return rx.recv(WAIT);
  }

  private void drain(@Nullable HostMeshId mesh) throws Exception {
    HostAck ack =
        agent
            .<HostAck>ask(
                client,
                r -> new DrainHost(Duration.ofSeconds(5), 16, mesh == null ? null : mesh.toString(), r),
                WAIT)
            .get();
    assertThat(ack.isOk()).isTrue();
  }

  @Test
  void testBasic() throws Exception {
    ResourceId id = ResourceId.instance("proc1");
    create(id, 0, null);
    assertThat(awaitStatus(id, Status.RUNNING)).isEqualTo(Status.RUNNING);

    State<ProcState> state = state(id);
    assertThat(state.id()).isEqualTo(id);
    assertThat(state.status()).isEqualTo(Status.RUNNING);
    ProcState procState = state.payload().orElseThrow();
    ProcId procId = new ProcId(host.addr(), id.toString());
    assertThat(procState.procId()).isEqualTo(procId);
    assertThat(procState.createRank()).isEqualTo(0);
    assertThat(procState.agent()).isEqualTo(ActorRef.attest(procId.actorId(ProcAgent.PROC_AGENT_ACTOR_NAME)));
    ProcStatus.Ready ready = (ProcStatus.Ready) procState.processStatus().orElseThrow();
    assertThat(ready.agent()).isEqualTo(procState.agent());
  }

  @Test
  void testWaitRankStatusAlreadyRunning() throws Exception {
    ResourceId id = ResourceId.instance("proc1");
    create(id, 0, null);
    awaitStatus(id, Status.RUNNING);

    StatusOverlay overlay = waitRankStatus(id, Status.RUNNING).recv(Duration.ofSeconds(5));
    assertThat(overlay).isEqualTo(StatusOverlay.single(0, Status.RUNNING));
  }

  @Test
  void testWaitRankStatusStop() throws Exception {
    ResourceId id = ResourceId.instance("proc1");
    create(id, 0, null);
    awaitStatus(id, Status.RUNNING);

    PortReceiver<StatusOverlay> stopped = waitRankStatus(id, Status.STOPPED);
    // Asked again after the wait was registered: it is answered at once, still running.
    PortReceiver<StatusOverlay> now = client.openPort(StatusOverlay.class);
    agent.send(client, new GetRankStatus(id, now.handle().bind()));
    assertThat(now.recv(WAIT)).isEqualTo(StatusOverlay.single(0, Status.RUNNING));
    assertThat(stopped.tryRecv()).isNull();

    agent.send(client, new Stop(id, "test"));
    StatusOverlay overlay = stopped.recv(Duration.ofSeconds(30));
    assertThat(overlay).isEqualTo(StatusOverlay.single(0, Status.STOPPED));
    // A clean exit; the stderr tail holds whatever the child logged on the way out.
    ProcStatus exit = state(id).payload().orElseThrow().processStatus().orElseThrow();
    assertThat(exit).isInstanceOf(ProcStatus.Stopped.class);
    assertThat(((ProcStatus.Stopped) exit).exitCode()).isEqualTo(0);
  }

  @Test
  void aStateSubscriberHearsEveryChangeWithARisingGeneration() throws Exception {
    ResourceId id = ResourceId.instance("proc1");
    create(id, 0, null);
    awaitStatus(id, Status.RUNNING);
    PortReceiver<State<ProcState>> stream = client.openPort();
    agent.send(client, new StreamState<ProcState>(id, stream.handle().bind()));
    State<ProcState> first = stream.recv(WAIT);
    assertThat(first.status()).isEqualTo(Status.RUNNING);
    assertThat(first.generation()).isAtLeast(1L);

    agent.send(client, new Stop(id, "test"));
    long generation = first.generation();
    State<ProcState> last = first;
    while (!last.status().isTerminated()) {
      last = stream.recv(WAIT);
      assertThat(last.generation()).isGreaterThan(generation);
      generation = last.generation();
    }
    assertThat(last.status()).isEqualTo(Status.STOPPED);
    // A query sees the generation the stream last showed.
    assertThat(state(id).generation()).isEqualTo(last.generation());
  }

  @Test
  void aStateSubscriptionToAnUnknownProcGetsNotExistOnce() throws Exception {
    ResourceId unknown = ResourceId.instance("nobody");
    PortReceiver<State<ProcState>> stream = client.openPort();
    agent.send(client, new StreamState<ProcState>(unknown, stream.handle().bind()));
    State<ProcState> state = stream.recv(WAIT);
    assertThat(state.status()).isEqualTo(Status.NOT_EXIST);
    assertThat(state.generation()).isEqualTo(0L);
    // Nothing was registered: creating a proc of that id later sends nothing to this port.
    create(unknown, 0, null);
    awaitStatus(unknown, Status.RUNNING);
    assertThat(stream.tryRecv()).isNull();
  }

  @Test
  void testWaitRankStatusBeforeProcExists() throws Exception {
    ResourceId id = ResourceId.instance("proc1");
    PortReceiver<StatusOverlay> running = waitRankStatus(id, Status.RUNNING);
    create(id, 0, null);
    assertThat(running.recv(WAIT)).isEqualTo(StatusOverlay.single(0, Status.RUNNING));
  }

  @Test
  void testDrainScopedToHostMeshId() throws Exception {
    HostMeshId meshA = HostMeshId.instance("mesh-a");
    HostMeshId meshB = HostMeshId.instance("mesh-b");
    ResourceId procA = ResourceId.instance("proc-a");
    ResourceId procB = ResourceId.instance("proc-b");
    create(procA, 0, meshA);
    create(procB, 1, meshB);
    awaitStatus(procA, Status.RUNNING);
    awaitStatus(procB, Status.RUNNING);
    assertThat(state(procA).status()).isEqualTo(Status.RUNNING);
    assertThat(state(procB).status()).isEqualTo(Status.RUNNING);

    drain(meshA);

    assertThat(state(procA).status()).isEqualTo(Status.NOT_EXIST);
    assertThat(state(procB).status()).isEqualTo(Status.RUNNING);
    // The drained proc's process has ended; the other one serves on.
    assertThat(
            host.manager().handle(new ProcId(host.addr(), procB.toString())).orElseThrow().status())
        .isInstanceOf(ProcStatus.Ready.class);
  }

  @Test
  void testDrainNoneDrainsAll() throws Exception {
    ResourceId procA = ResourceId.instance("proc-a");
    ResourceId procB = ResourceId.instance("proc-b");
    create(procA, 0, HostMeshId.instance("mesh-a"));
    create(procB, 1, HostMeshId.instance("mesh-b"));
    awaitStatus(procA, Status.RUNNING);
    awaitStatus(procB, Status.RUNNING);

    drain(null);

    assertThat(state(procA).status()).isEqualTo(Status.NOT_EXIST);
    assertThat(state(procB).status()).isEqualTo(Status.NOT_EXIST);
    assertThat(host.procNames()).isEmpty();
  }

  @Test
  void testServiceProcQueryChildHasQueueStats() throws Exception {
    ResourceId id = ResourceId.instance("qd_test_proc");
    create(id, 0, null);
    awaitStatus(id, Status.RUNNING);
    String serviceRef = host.serviceProc().procId().toString();
    PortId introspect = agent.actorId().portId(PortId.INTROSPECT_INDEX);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      // A burst keeps the agent's queue busy while the query samples it.
      PortReceiver<StatusOverlay> sink = client.openPort(StatusOverlay.class);
      for (int i = 0; i < 200; i++) {
        agent.send(client, new GetRankStatus(id, sink.handle().bind()));
      }
      OncePortReceiver<IntrospectResult> rx = client.openOncePort();
      client.post(introspect, new IntrospectMessage.QueryChild(serviceRef, rx.handle().bind()));
      IntrospectResult payload = rx.recv(Duration.ofSeconds(5));
      for (int i = 0; i < 200; i++) {
        sink.recv(WAIT);
      }
      sink.close();
      assertThat(payload.attrs()).containsEntry("node_type", "proc");
      long highWaterMark =
          Long.parseLong(payload.attrs().getOrDefault("actor_work_queue_depth_high_water_mark", "0"));
      if (highWaterMark > 0) {
        assertThat(payload.attrs()).containsKey("last_nonzero_queue_depth_age_ms");
        break;
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
    }
  }

  @Test
  void aProcWhoseOwnerStoppedSendingKeepalivesIsStopped() throws Exception {
    ResourceId orphan = ResourceId.instance("orphan");
    ResourceId kept = ResourceId.instance("kept");
    create(orphan, 0, null);
    create(kept, 1, null);
    awaitStatus(orphan, Status.RUNNING);
    awaitStatus(kept, Status.RUNNING);
    PortReceiver<State<ProcState>> rx = client.openPort();
    // The owner's last keepalive has already expired.
    agent.send(
        client,
        new KeepaliveGetState<>(
            Instant.now().minusSeconds(1), new GetState<ProcState>(orphan, rx.handle().bind())));
    assertThat(rx.recv(WAIT).status()).isEqualTo(Status.RUNNING);

    assertThat(awaitStatus(orphan, Status.STOPPED)).isEqualTo(Status.STOPPED);
    // A proc that never got a keepalive is never reaped.
    assertThat(state(kept).status()).isEqualTo(Status.RUNNING);
  }

  @Test
  void hostNodeListsItsProcs() throws Exception {
    ResourceId id = ResourceId.instance("listed");
    create(id, 0, null);
    awaitStatus(id, Status.RUNNING);
    // The creation republished the node; a query now reflects it.
    OncePortReceiver<IntrospectResult> rx = client.openOncePort();
    client.post(
        agent.actorId().portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.Query(IntrospectMessage.View.ENTITY, rx.handle().bind()));
    IntrospectResult node = rx.recv(WAIT);
    assertThat(node.attrs()).containsEntry("node_type", "host");
    assertThat(node.attrs().get("children"))
        .contains(new ProcId(host.addr(), id.toString()).toString());
    assertThat(List.of(node.attrs().get("addr"))).containsExactly(host.addr().toString());
  }
}
