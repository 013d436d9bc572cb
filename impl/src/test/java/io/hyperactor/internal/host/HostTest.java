package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcManager;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ReadyException;
import io.hyperactor.host.TerminateException;
import io.hyperactor.host.TerminateSummary;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host seed tests that run in one JVM (spec host.md §6). */
class HostTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final IntConsumer NO_EXIT = TestServices.NO_EXIT;

  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  /** The agent of the in-JVM procs: does nothing. */
  static final class HostAgent implements Actor<Object> {
    @Override
    public void handle(Context<Object> cx, Object message) {}
  }

  private @Nullable RuntimeServices services;

  /** The services of this test's hosts and outside procs, so their local channels meet. */
  private RuntimeServices services() {
    if (services == null) {
      services = newServices(HyperactorConfig.defaultsOnly());
    }
    return services;
  }

  private RuntimeServices newServices(HyperactorConfig config) {
    RuntimeServices created = TestServices.create(config, CodecRegistry.builtins());
    owned.add(created);
    return created;
  }

  private <A, C> Host<A, C> host(ProcManager<A, C> manager, HyperactorConfig config) {
    return host(manager, newServices(config));
  }

  private <A, C> Host<A, C> host(ProcManager<A, C> manager, RuntimeServices hostServices) {
    Host<A, C> host =
        Hosts.create(manager, ChannelAddr.any(ChannelTransport.LOCAL), hostServices, NO_EXIT);
    owned.add(host);
    return host;
  }

  private Host<Object, @Nullable Void> localHost() {
    return host(
        new LocalProcManager<Object>(
            proc -> proc.spawn("host_agent", new HostAgent()), services(), NO_EXIT),
        services());
  }

  private static HyperactorConfig readyTimeout(Duration timeout) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, timeout);
    return config;
  }

  @Test
  void test_basic() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    HostedProc<Object> proc1 = host.spawn("proc1", null);
    HostedProc<Object> proc2 = host.spawn("proc2", null);
    assertThat(proc1.procId()).isEqualTo(new ProcId(host.addr(), "proc1"));
    assertThat(proc2.procId()).isEqualTo(new ProcId(host.addr(), "proc2"));
    LocalProcManager<Object> manager = (LocalProcManager<Object>) host.manager();
    assertThat(manager.proc(proc1.procId())).isPresent();
    assertThat(manager.proc(proc2.procId())).isPresent();
    assertThat(proc1.agent().actorId()).isEqualTo(proc1.procId().actorId("host_agent"));

    ClientInstance client1 = manager.proc(proc1.procId()).get().instance("client");
    ClientInstance client2 = manager.proc(proc2.procId()).get().instance("client");
    ClientInstance system = host.serviceProc().instance("system");
    PortReceiver<String> port1 = client1.openPort();
    PortReceiver<String> systemPort = system.openPort();
    PortRef<String> ref1 = port1.handle().bind();
    PortRef<String> systemRef = systemPort.handle().bind();

    ref1.send(client2, "child to child");
    assertThat(port1.recv(TIMEOUT)).isEqualTo("child to child");
    ref1.send(system, "system to child");
    assertThat(port1.recv(TIMEOUT)).isEqualTo("system to child");
    systemRef.send(system, "system to system");
    assertThat(systemPort.recv(TIMEOUT)).isEqualTo("system to system");
    systemRef.send(client1, "child to system");
    assertThat(systemPort.recv(TIMEOUT)).isEqualTo("child to system");
  }

  @Test
  void local_proc_starts_with_no_actors() {
    Host<Object, @Nullable Void> host = localHost();
    assertThat(host.localProc().procId()).isEqualTo(new ProcId(host.addr(), Host.LOCAL_PROC_NAME));
    assertThat(host.serviceProc().procId())
        .isEqualTo(new ProcId(host.addr(), Host.SERVICE_PROC_NAME));
    assertThat(host.localProc().allActorIds()).isEmpty();
  }

  @Test
  void local_ready_and_wait_are_immediate() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    HostedProc<Object> proc = host.spawn("p", null);
    ProcHandle<Object> handle = host.manager().handle(proc.procId()).get();
    CompletableFuture<Void> a = handle.ready();
    CompletableFuture<Void> b = handle.ready();
    assertThat(a.isDone() && !a.isCompletedExceptionally()).isTrue();
    assertThat(b.isDone() && !b.isCompletedExceptionally()).isTrue();
    // An in-JVM proc has no exit of its own: waiting resolves once it is stopped.
    assertThat(handle.terminate(TIMEOUT, "test").get(30, TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Stopped(0, ImmutableList.of()));
    assertThat(handle.waitForExit().get(30, TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Stopped(0, ImmutableList.of()));
  }

  @Test
  void spawn_with_a_taken_name_fails_with_proc_exists() {
    Host<Object, @Nullable Void> host = localHost();
    host.spawn("dup", null);
    HostException e = assertThrows(HostException.class, () -> host.spawn("dup", null));
    assertThat(e.kind()).isEqualTo(HostException.Kind.PROC_EXISTS);
    assertThat(e).hasMessageThat().isEqualTo("proc 'dup' already exists");
  }

  @Test
  void serve_twice_fails_with_already_serving() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    CompletableFuture<Void> served = host.serve();
    HostException e = assertThrows(HostException.class, host::serve);
    assertThat(e.kind()).isEqualTo(HostException.Kind.ALREADY_SERVING);
    assertThat(e).hasMessageThat().isEqualTo("host is already serving");
    host.stopServing("teardown").get(30, TimeUnit.SECONDS);
    served.get(30, TimeUnit.SECONDS);
  }

  @Test
  void frontend_routes_to_hosted_procs_once_served() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    host.serve();
    HostedProc<Object> proc = host.spawn("p", null);
    LocalProcManager<Object> manager = (LocalProcManager<Object>) host.manager();
    ClientInstance client = manager.proc(proc.procId()).get().instance("client");
    PortReceiver<String> port = client.openPort();
    // An outside proc on its own channel: it dials the host frontend, named in the destination's
    // id, and the reply path dials the outside proc's own address.
    Proc outside =
        Procs.direct(ChannelAddr.any(ChannelTransport.LOCAL), "outside", services(), NO_EXIT);
    owned.add(() -> outside.destroyAndWait(TIMEOUT, null, "test"));
    port.handle().bind().send(outside.instance("sender"), "via frontend");
    assertThat(port.recv(TIMEOUT)).isEqualTo("via frontend");
  }

  @Test
  void terminate_children_frees_names_and_routes() {
    Host<Object, @Nullable Void> host = localHost();
    host.spawn("a", null);
    host.spawn("b", null);
    host.spawn("c", null);
    TerminateSummary summary = host.terminateChildren(TIMEOUT, 2, "drain");
    assertThat(summary).isEqualTo(new TerminateSummary(3, 3, 0));
    assertThat(summary.toString()).isEqualTo("attempted=3 ok=3 failed=0");
    assertThat(host.procNames()).isEmpty();
    assertThat(host.spawn("a", null).procId().name()).isEqualTo("a");
  }

  /** Sends a greeting to each actor it is told, and keeps what comes back undeliverable. */
  static final class Greeter implements Actor<ActorId> {
    final LinkedBlockingQueue<Undeliverable> bounced = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<ActorId> cx, ActorId target) {
      ActorRef.<String>attest(target).send(cx, "hello");
    }

    @Override
    public void handleUndeliverable(Instance<ActorId> self, Undeliverable u) {
      bounced.add(u);
    }
  }

  @Test
  void envelopes_for_a_proc_the_host_does_not_run_come_back_at_once() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    host.serve();
    HostedProc<Object> stopped = host.spawn("stopped", null);
    host.terminateChildren(TIMEOUT, 1, "drain");
    Proc outside =
        Procs.direct(ChannelAddr.any(ChannelTransport.LOCAL), "outside", services(), NO_EXIT);
    owned.add(() -> outside.destroyAndWait(TIMEOUT, null, "test"));
    Greeter greeter = new Greeter();
    ActorHandle<ActorId> sender = outside.spawn("greeter", greeter);
    // The frontend hands both to the host's router, which has no route for either proc: dialled
    // by the address in their ids, they would come back to the same frontend until their TTL ran
    // out.
    for (ProcId unhosted : List.of(stopped.procId(), new ProcId(host.addr(), "never"))) {
      ActorId target = unhosted.actorId("worker");
      sender.send(target);
      Undeliverable u = greeter.bounced.poll(30, TimeUnit.SECONDS);
      assertThat(u).isNotNull();
      assertThat(u.envelope().dest().actorId()).isEqualTo(target);
      assertThat(u.error())
          .isEqualTo(
              new DeliveryError(
                  DeliveryError.Kind.UNROUTABLE,
                  "host "
                      + host.addr()
                      + " runs no proc named '"
                      + unhosted.name()
                      + "': it was stopped, or never spawned there"));
    }
    assertThat(greeter.bounced).isEmpty();
  }

  @Test
  void terminate_proc_keeps_the_name() {
    Host<Object, @Nullable Void> host = localHost();
    HostedProc<Object> proc = host.spawn("once", null);
    assertThat(host.terminateProc(proc.procId(), TIMEOUT, "done"))
        .isEqualTo(new ProcStatus.Stopped(0, ImmutableList.of()));
    assertThat(host.procNames()).contains("once");
    HostException e =
        assertThrows(
            HostException.class, () -> host.terminateProc(proc.procId(), TIMEOUT, "again"));
    assertThat(e.kind()).isEqualTo(HostException.Kind.NO_SUCH_PROC);
    assertThat(e).hasMessageThat().isEqualTo("proc " + proc.procId() + " doesn't exist");
  }

  // ------------------------------------------------------------ readiness seed tests

  enum ReadyMode {
    OK,
    ERR_TERMINAL,
    ERR_CHANNEL_CLOSED
  }

  /** A handle whose readiness follows {@code mode} after {@code delay}. */
  record TestHandle(
      ProcId procId,
      ChannelAddr forwarder,
      ReadyMode mode,
      Duration delay,
      boolean omitAddr,
      boolean omitAgent)
      implements ProcHandle<Object> {
    @Override
    public ProcStatus status() {
      return new ProcStatus.Starting();
    }

    @Override
    public Optional<ChannelAddr> addr() {
      return omitAddr ? Optional.empty() : Optional.of(forwarder);
    }

    @Override
    public Optional<ActorRef<Object>> agentRef() {
      return omitAgent
          ? Optional.empty()
          : Optional.of(ActorRef.attest(procId.actorId("host_agent")));
    }

    @Override
    public CompletableFuture<Void> ready() {
      CompletableFuture<Void> delayed = new CompletableFuture<>();
      Runnable finish =
          () -> {
            switch (mode) {
              case OK -> delayed.complete(null);
              case ERR_TERMINAL ->
                  delayed.completeExceptionally(
                      ReadyException.terminal(new ProcStatus.Failed("test")));
              case ERR_CHANNEL_CLOSED ->
                  delayed.completeExceptionally(
                      new ReadyException(
                          ReadyException.Kind.CHANNEL_CLOSED, "status channel closed", null));
            }
          };
      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(finish);
      return delayed;
    }

    @Override
    public CompletableFuture<ProcStatus> waitForExit() {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<ProcStatus> terminate(Duration timeout, String reason) {
      return CompletableFuture.failedFuture(TerminateException.unsupported());
    }

    @Override
    public CompletableFuture<ProcStatus> kill() {
      return CompletableFuture.failedFuture(TerminateException.unsupported());
    }

    @Override
    public AutoCloseable watch(Consumer<ProcStatus> listener) {
      return () -> {};
    }
  }

  /** A manager that hands out {@link TestHandle}s. */
  record TestManager(ReadyMode mode, Duration delay, boolean omitAddr, boolean omitAgent)
      implements ProcManager<Object, @Nullable Void> {
    static TestManager local(ReadyMode mode, Duration delay) {
      return new TestManager(mode, delay, false, false);
    }

    @Override
    public ChannelTransport transport() {
      return ChannelTransport.LOCAL;
    }

    @Override
    public ProcHandle<Object> spawn(ProcId procId, ChannelAddr forwarderAddr, @Nullable Void c) {
      return new TestHandle(procId, forwarderAddr, mode, delay, omitAddr, omitAgent);
    }

    @Override
    public Optional<ProcHandle<Object>> handle(ProcId procId) {
      return Optional.empty();
    }

    @Override
    public ProcStatus terminateProc(ProcId procId, Duration timeout, String reason) {
      throw TerminateException.unsupported();
    }

    @Override
    public TerminateSummary terminateAll(Duration timeout, int maxInFlight, String reason) {
      return new TerminateSummary(0, 0, 0);
    }

    @Override
    public void close() {}
  }

  private HostException spawnFails(TestManager manager, HyperactorConfig config) {
    Host<Object, @Nullable Void> host = host(manager, config);
    HostException e = assertThrows(HostException.class, () -> host.spawn("p", null));
    assertThat(e.kind()).isEqualTo(HostException.Kind.PROCESS_CONFIGURATION_FAILURE);
    assertThat(e)
        .hasMessageThat()
        .startsWith("proc '" + host.addr() + ",p' failed to configure process: ");
    assertThat(host.procNames()).isEmpty();
    return e;
  }

  @Test
  void host_spawn_times_out_when_configured() {
    HostException e =
        spawnFails(
            TestManager.local(ReadyMode.OK, Duration.ofSeconds(5)),
            readyTimeout(Duration.ofMillis(10)));
    assertThat(e).hasMessageThat().endsWith("proc not ready within PT0.01S");
    assertThat(((ReadyException) e.getCause()).kind()).isEqualTo(ReadyException.Kind.TIMEOUT);
  }

  @Test
  void host_spawn_timeout_zero_disables_and_succeeds() {
    Host<Object, @Nullable Void> host =
        host(TestManager.local(ReadyMode.OK, Duration.ofMillis(20)), readyTimeout(Duration.ZERO));
    HostedProc<Object> proc = host.spawn("ok", null);
    assertThat(proc.agent().actorId().procId()).isEqualTo(proc.procId());
    assertThat(host.procNames()).containsExactly("ok");
  }

  @Test
  void host_spawn_maps_channel_closed_ready_error_to_config_failure() {
    HostException e =
        spawnFails(
            TestManager.local(ReadyMode.ERR_CHANNEL_CLOSED, Duration.ZERO),
            readyTimeout(Duration.ofSeconds(30)));
    assertThat(((ReadyException) e.getCause()).kind())
        .isEqualTo(ReadyException.Kind.CHANNEL_CLOSED);
  }

  @Test
  void host_spawn_maps_terminal_ready_error_to_config_failure() {
    HostException e =
        spawnFails(
            TestManager.local(ReadyMode.ERR_TERMINAL, Duration.ZERO),
            readyTimeout(Duration.ofSeconds(30)));
    assertThat(e).hasMessageThat().endsWith("proc terminated before running: Failed(test)");
  }

  @Test
  void host_spawn_fails_if_ready_but_missing_addr() {
    HostException e =
        spawnFails(
            new TestManager(ReadyMode.OK, Duration.ZERO, true, false),
            readyTimeout(Duration.ofSeconds(30)));
    assertThat(e).hasMessageThat().endsWith("proc is ready but has no address");
  }

  @Test
  void host_spawn_fails_if_ready_but_missing_agent() {
    HostException e =
        spawnFails(
            new TestManager(ReadyMode.OK, Duration.ZERO, false, true),
            readyTimeout(Duration.ofSeconds(30)));
    assertThat(e).hasMessageThat().endsWith("proc is ready but has no agent");
  }

  // ------------------------------------------------------------ simplex peers and shutdown

  /** Asks the echo actor for its id. */
  record Ask(OncePortRef<ActorId> reply) {}

  /** Replies with its own id. */
  static final class EchoActor implements Actor<Ask> {
    @Override
    public void handle(Context<Ask> cx, Ask message) {
      message.reply().send(cx, cx.selfId());
    }
  }

  private Proc outsideProc(String name) {
    Proc proc =
        Procs.direct(ChannelAddr.any(ChannelTransport.LOCAL), name, services(), NO_EXIT);
    owned.add(() -> proc.destroyAndWait(TIMEOUT, null, "test"));
    return proc;
  }

  private static ActorId ask(Instance<?> client, ActorRef<Ask> echo) throws Exception {
    OncePortReceiver<ActorId> reply = client.openOncePort();
    echo.send(client, new Ask(reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  @Test
  void test_simplex_client_to_duplex_host() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    host.serve();
    ActorRef<Ask> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    ClientInstance client = outsideProc("client").instance("client");
    assertThat(ask(client, echo)).isEqualTo(echo.actorId());
  }

  @Test
  void test_simplex_peer_sees_clean_close_on_host_shutdown() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    CompletableFuture<Void> served = host.serve();
    ActorRef<Ask> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    ClientInstance client = outsideProc("client").instance("client");
    assertThat(ask(client, echo)).isEqualTo(echo.actorId());

    Tx<MessageEnvelope> raw =
        services().channels().dial(host.addr(), new EnvelopeCodec(CodecRegistry.builtins()));
    owned.add(raw);
    OncePortReceiver<ActorId> warmUp = client.openOncePort();
    raw.send(
            MessageEnvelope.of(
                client.selfId(),
                echo.port().portId(),
                new Ask(warmUp.handle().bind()),
                SeqInfo.DIRECT,
                8))
        .get(30, TimeUnit.SECONDS);
    assertThat(warmUp.recv(TIMEOUT)).isEqualTo(echo.actorId());
    assertThat(raw.status()).isInstanceOf(LinkStatus.Active.class);

    host.stopServing("shutdown").get(30, TimeUnit.SECONDS);
    served.get(30, TimeUnit.SECONDS);
    assertThat(raw.whenClosed().get(30, TimeUnit.SECONDS)).isInstanceOf(LinkStatus.Closed.class);
  }

  @Test
  void test_simplex_clients_during_host_shutdown() throws Exception {
    Host<Object, @Nullable Void> host = localHost();
    host.serve();
    ActorRef<Ask> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ClientInstance client = outsideProc("client" + i).instance("client");
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int round = 0; round < 5; round++) {
                    assertThat(ask(client, echo)).isEqualTo(echo.actorId());
                  }
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              },
              java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    host.stopServing("shutdown").get(30, TimeUnit.SECONDS);
  }
}
