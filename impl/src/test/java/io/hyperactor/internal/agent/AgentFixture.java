package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A local proc running a proc agent, a client to talk to it, and the spawnable test actors. */
final class AgentFixture implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final String EXTRA_ACTOR = "extra_actor";
  static final String FAILING_ACTOR = "failing_actor";
  static final String PARENT_ACTOR = "parent_actor";
  static final String GATED_CLEANUP_ACTOR = "gated_cleanup_actor";

  /** Counts factory invocations, so tests can show nothing was instantiated. */
  final AtomicInteger created = new AtomicInteger();

  final LinkedBlockingQueue<Integer> exitCodes = new LinkedBlockingQueue<>();
  /** Opens the cleanup of every {@link GatedCleanupActor}; close() opens it too. */
  final CountDownLatch cleanupGate = new CountDownLatch(1);
  final HyperactorConfig config;
  final Proc proc;
  final ProcAgent agentActor;
  final ActorHandle<Object> agent;
  final ClientInstance client;

  /** The no-op spawnable actor of the seed tests. */
  static final class ExtraActor implements Actor<Object> {
    @Override
    public void handle(Context<Object> cx, Object message) {}
  }

  /**
   * Ignores messages and holds its cleanup until {@link #cleanupGate} opens, so a stop it was asked
   * for stays observable as STOPPING for as long as a test needs.
   */
  static final class GatedCleanupActor implements Actor<Object> {
    private final CountDownLatch gate;

    GatedCleanupActor(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public void handle(Context<Object> cx, Object message) {}

    @Override
    public void cleanup(Instance<Object> self, @Nullable Throwable cause) throws Exception {
      gate.await();
    }
  }

  /** Fails with the text it is sent. */
  static final class FailingActor implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) throws Exception {
      throw new Exception(message);
    }
  }

  /** Spawns a child under its own name that fails with the text it is sent. */
  static final class ParentActor implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {
      cx.spawnWithName("kid", new FailingActor()).send(cx, message);
    }
  }

  /** Blocks in its handler until released. */
  static class BlockActor implements Actor<BlockActor.Msg> {
    sealed interface Msg permits Block, Noop {}

    record Block(CountDownLatch entered, CountDownLatch gate) implements Msg {}

    record Noop() implements Msg {}

    @Override
    public void handle(Context<Msg> cx, Msg message) throws Exception {
      switch (message) {
        case Block b -> {
          b.entered().countDown();
          b.gate().await();
        }
        case Noop n -> {}
      }
    }
  }

  /** Boots the agent with {@link #quietConfig()}. */
  private final RuntimeServices services;

  AgentFixture() {
    this(quietConfig(), GaugeRecorder.LOGGING);
  }

  AgentFixture(HyperactorConfig config) {
    this(config, GaugeRecorder.LOGGING);
  }

  AgentFixture(HyperactorConfig config, GaugeRecorder gauges) {
    this.config = config;
    this.services = TestServices.create(config);
    this.proc = Procs.local(services, "agent_test", TestServices.NO_EXIT);
    ProcAgentOptions options =
        new ProcAgentOptions(config, registry(created, cleanupGate), exitCodes::add, gauges);
    this.agentActor = ProcAgent.create(proc, options);
    this.agent = proc.spawn(ProcAgent.PROC_AGENT_ACTOR_NAME, agentActor);
    this.client = proc.instance("client");
  }

  /** A config with orphan reaping and the memory tick off, so nothing runs on a timer. */
  static HyperactorConfig quietConfig() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.empty());
    config.set(HyperactorAttrs.PROCESS_MEMORY_METRIC_INTERVAL, Duration.ZERO);
    return config;
  }

  private static SpawnableRegistry registry(AtomicInteger created, CountDownLatch cleanupGate) {
    return new SpawnableRegistry()
        .register(
            EXTRA_ACTOR,
            params -> {
              created.incrementAndGet();
              return new ExtraActor();
            })
        .register(
            FAILING_ACTOR,
            params -> {
              created.incrementAndGet();
              return new FailingActor();
            })
        .register(
            PARENT_ACTOR,
            params -> {
              created.incrementAndGet();
              return new ParentActor();
            })
        .register(
            GATED_CLEANUP_ACTOR,
            params -> {
              created.incrementAndGet();
              return new GatedCleanupActor(cleanupGate);
            });
  }

  /** An actor whose cleanup waits for {@link #cleanupGate}. */
  static ActorSpec gatedCleanupSpec() {
    return new ActorSpec(GATED_CLEANUP_ACTOR, "{}".getBytes(StandardCharsets.UTF_8));
  }

  static ActorSpec extraSpec() {
    return new ActorSpec(EXTRA_ACTOR, "{}".getBytes(StandardCharsets.UTF_8));
  }

  void send(Object message) {
    agent.send(client, message);
  }

  void create(ResourceId id, long rank, ActorSpec spec) {
    send(new CreateOrUpdate<>(id, Rank.of(rank), spec));
  }

  State<ActorState> getState(ResourceId id) throws Exception {
    try (PortReceiver<State<ActorState>> rx = client.openPort()) {
      send(new GetState<>(id, rx.handle().bind()));
      return rx.recv(TIMEOUT);
    }
  }

  StatusOverlay rankStatus(ResourceId id) throws Exception {
    try (PortReceiver<StatusOverlay> rx = client.openPort()) {
      send(new GetRankStatus(id, rx.handle().bind()));
      return rx.recv(TIMEOUT);
    }
  }

  /** Polls the state until {@code condition} holds, failing with the last state seen. */
  State<ActorState> awaitState(ResourceId id, Predicate<State<ActorState>> condition)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    State<ActorState> last = getState(id);
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("state of " + id + " never matched; last: " + last);
      }
      Thread.sleep(10);
      last = getState(id);
    }
    return last;
  }

  /** The next state on {@code rx}, skipping none. */
  static State<ActorState> next(PortReceiver<State<ActorState>> rx) throws Exception {
    return rx.recv(TIMEOUT);
  }

  int awaitExit() throws Exception {
    Integer code = exitCodes.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (code == null) {
      throw new TimeoutException("the agent never called its exit hook");
    }
    return code;
  }

  <T> T recvOnce(OncePortReceiver<T> rx) throws Exception {
    return rx.recv(TIMEOUT);
  }

  static void assertStatus(State<ActorState> state, Status expected) {
    assertThat(state.status()).isEqualTo(expected);
  }

  @Override
  public void close() {
    cleanupGate.countDown();
    client.close();
    proc.destroyAndWait(Duration.ofSeconds(10), null, "test finished");
    services.close();
  }

  /** A {@link BlockActor} declared blocking, so it runs on virtual threads named after it. */
  @io.hyperactor.Blocking
  static final class VirtualBlockActor extends BlockActor {}
}
