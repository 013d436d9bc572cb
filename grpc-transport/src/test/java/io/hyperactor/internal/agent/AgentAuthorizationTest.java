package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.UndeliverableMessageException;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.WaitRankStatus;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proc agent's privileged operations over mutual TLS: a peer authenticated by the CA but not in
 * {@code tls_allowed_subjects} gets its spawn request back with a refusal and nothing is spawned;
 * an allowed peer's spawn succeeds. Each side is its own actor system with its own certificate.
 */
@Timeout(120)
class AgentAuthorizationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ADMIN = "CN=admin,O=hyperactor-test";
  private static final String INTRUDER = "CN=intruder,O=hyperactor-test";
  private static final String SPAWNABLE = "extra_actor";

  @TempDir Path dir;

  private final TestCertificates.Authority ca = TestCertificates.authority("CN=test-ca");
  private final AtomicInteger created = new AtomicInteger();
  private ActorSystem target;
  private Proc targetProc;
  private ActorRef<Object> agent;
  private ActorSystem caller;

  private HyperactorConfig tlsConfig(String subject) throws Exception {
    Path files = ca.issue(subject).writeTo(Files.createDirectories(dir.resolve(subject)));
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.TLS);
    config.set(HyperactorAttrs.TLS_CERT, files.resolve("cert.pem").toString());
    config.set(HyperactorAttrs.TLS_KEY, files.resolve("key.pem").toString());
    config.set(HyperactorAttrs.TLS_CA, files.resolve("ca.pem").toString());
    config.set(HyperactorAttrs.MESH_ORPHAN_TIMEOUT, Optional.empty());
    config.set(HyperactorAttrs.PROCESS_MEMORY_METRIC_INTERVAL, Duration.ZERO);
    return config;
  }

  @BeforeEach
  void startTarget() throws Exception {
    HyperactorConfig config = tlsConfig("CN=host,O=hyperactor-test");
    config.set(HyperactorAttrs.TLS_ALLOWED_SUBJECTS, ImmutableList.of(ADMIN));
    target = ActorSystem.builder().name("authz-target").config(config).build();
    targetProc = target.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TLS), "target");
    SpawnableRegistry registry =
        new SpawnableRegistry()
            .register(
                SPAWNABLE,
                params -> {
                  created.incrementAndGet();
                  return new Idle();
                });
    ProcAgent.boot(targetProc, ProcAgentOptions.defaults(config, registry).withExitHook(c -> {}));
    AgentGateway.boot(targetProc, config);
    agent = ActorRef.attest(targetProc.procId().actorId(ProcAgent.PROC_AGENT_ACTOR_NAME));
  }

  @AfterEach
  void stop() {
    if (caller != null) {
      caller.close();
    }
    target.close();
  }

  private Proc callerProc(String subject) throws Exception {
    caller =
        ActorSystem.builder().name("authz-caller").config(tlsConfig(subject)).build();
    return caller.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TLS), "caller");
  }

  static final class Idle implements Actor<Object> {
    @Override
    public void handle(Context<Object> cx, Object message) {}
  }

  /** Sends what it is given to the agent and keeps what comes back undelivered. */
  static final class Requester implements Actor<Object> {
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();
    private final ActorRef<Object> agent;

    Requester(ActorRef<Object> agent) {
      this.agent = agent;
    }

    @Override
    public void handle(Context<Object> cx, Object message) {
      agent.send(cx, message);
    }

    @Override
    public void handleUndeliverable(Instance<Object> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  private static CreateOrUpdate<ActorSpec> spawn(ResourceId id) {
    return new CreateOrUpdate<>(id, Rank.of(0), new ActorSpec(SPAWNABLE, new byte[0]));
  }

  private State<ActorState> localState(ResourceId id) throws Exception {
    ClientInstance local = targetProc.instance("inspector");
    try (PortReceiver<State<ActorState>> rx = local.openPort()) {
      agent.send(local, new GetState<ActorState>(id, rx.handle().bind()));
      return rx.recv(WAIT);
    }
  }

  @Test
  void authenticatedButNotAllowedPeerGetsAnErrorReplyToSpawnAndNothingIsSpawned()
      throws Exception {
    Proc proc = callerProc(INTRUDER);
    Requester requester = new Requester(agent);
    ResourceId id = ResourceId.singleton("unwanted");
    proc.spawn("requester", requester).send(spawn(id));

    Undeliverable refused = requester.returned.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(refused).isNotNull();
    assertThat(refused.envelope().payload()).isInstanceOf(CreateOrUpdate.class);
    assertThat(refused.error().toString())
        .contains(
            "not authorized: peer '"
                + INTRUDER
                + "' may not use proc_agent operation 'spawn' (its subject is not in"
                + " tls_allowed_subjects)");
    assertThat(created.get()).isEqualTo(0);
    assertThat(localState(id).status()).isEqualTo(Status.NOT_EXIST);
  }

  @Test
  void allowedPeerSpawns() throws Exception {
    Proc proc = callerProc(ADMIN);
    ClientInstance admin = proc.instance("admin");
    ResourceId id = ResourceId.singleton("wanted");
    agent.send(admin, spawn(id));
    try (PortReceiver<StatusOverlay> rx = admin.openPort(StatusOverlay.class)) {
      agent.send(admin, new WaitRankStatus(id, Status.RUNNING, rx.handle().bind()));
      StatusOverlay overlay = rx.recv(WAIT);
      assertThat(overlay.runs().get(0).status()).isEqualTo(Status.RUNNING);
    }
    assertThat(created.get()).isEqualTo(1);
  }

  @Test
  void forgedIdentityHeaderIsReplacedByTheVerifiedSubject() throws Exception {
    Proc proc = callerProc(INTRUDER);
    Requester requester = new Requester(agent);
    ActorId requesterId = proc.spawn("requester", requester).actorId();
    ResourceId id = ResourceId.singleton("forged");
    // The sender claims the admin's identity in the header the receiver owns.
    proc.post(
        new MessageEnvelope(
            requesterId,
            agent.actorId().portId(PortId.HANDLER_INDEX),
            Map.of(PeerHeader.NAME, ADMIN),
            spawn(id),
            SeqInfo.DIRECT,
            64,
            true));
    Undeliverable refused = requester.returned.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(refused).isNotNull();
    assertThat(refused.error().toString()).contains("peer '" + INTRUDER + "'");
    assertThat(created.get()).isEqualTo(0);
  }

  @Test
  void threadDumpAskedByAPeerNotAllowedFailsWithTheRefusal() throws Exception {
    Proc proc = callerProc(INTRUDER);
    // Held until the end: a client instance nothing references is dropped, with its ports.
    ClientInstance asker = proc.instance("asker");
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> caller.threadDump(asker, targetProc.procId()).get());
    asker.close();
    assertThat(e).hasCauseThat().isInstanceOf(UndeliverableMessageException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .contains("peer '" + INTRUDER + "' may not use proc_agent operation 'thread dump'");
  }

  @Test
  void threadDumpAskedByAnAllowedPeerIsAnswered() throws Exception {
    Proc proc = callerProc(ADMIN);
    ClientInstance asker = proc.instance("asker");
    ThreadDumpResult dump = caller.threadDump(asker, targetProc.procId()).get();
    asker.close();
    assertThat(dump.error()).isNull();
    assertThat(dump.render()).isNotEmpty();
  }

  @Test
  void plaintextPeerOfATlsProcessIsUnauthenticated() throws Exception {
    // The same process also serves a plaintext proc with an agent of its own.
    Proc plain = target.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "plain");
    ProcAgent.boot(
        plain,
        ProcAgentOptions.defaults(target.config(), new SpawnableRegistry().register(SPAWNABLE, p -> {
          created.incrementAndGet();
          return new Idle();
        })).withExitHook(c -> {}));
    ActorRef<Object> plainAgent =
        ActorRef.attest(plain.procId().actorId(ProcAgent.PROC_AGENT_ACTOR_NAME));
    HyperactorConfig plaintext = HyperactorConfig.defaultsOnly();
    caller = ActorSystem.builder().name("authz-plain").config(plaintext).build();
    Proc proc = caller.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "caller");
    Requester requester = new Requester(plainAgent);
    proc.spawn("requester", requester).send(spawn(ResourceId.singleton("plain")));

    Undeliverable refused = requester.returned.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(refused).isNotNull();
    assertThat(refused.error().toString())
        .contains("not authorized: an unauthenticated peer may not use proc_agent operation 'spawn'");
    assertThat(created.get()).isEqualTo(0);
  }

  @Test
  void spawnThroughTheGatewayByAPeerNotAllowedIsRefused() throws Exception {
    Proc proc = callerProc(INTRUDER);
    ClientInstance asker = proc.instance("asker");
    ActorRef<GatewayMessages.GatewayMsg> gateway =
        ActorRef.attest(targetProc.procId().actorId(AgentGateway.NAME));
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                gateway
                    .<SpawnedActor>ask(
                        asker,
                        reply ->
                            new GatewayMessages.SpawnActor(
                                "sneaky", SPAWNABLE, new byte[0], 0, reply),
                        WAIT)
                    .get());
    asker.close();
    assertThat(e).hasCauseThat().isInstanceOf(UndeliverableMessageException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .contains("peer '" + INTRUDER + "' may not use agent_gateway operation 'spawn'");
    assertThat(created.get()).isEqualTo(0);
  }
}
