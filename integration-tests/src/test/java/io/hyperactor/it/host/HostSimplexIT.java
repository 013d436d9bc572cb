package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.LocalProcManager;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.it.host.HostItMessages.EchoMsg;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain (simplex) peers of a host on a Unix frontend, and its orderly shutdown. */
class HostSimplexIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final IntConsumer NO_EXIT =
      code -> {
        throw new AssertionError("a test proc asked to exit the process with code " + code);
      };

  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();
  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  private Host<Object, @Nullable Void> host() {
    Host<Object, @Nullable Void> host =
        Hosts.create(
            new LocalProcManager<Object>(
                proc -> proc.spawn("host_agent", (Actor<Object>) (cx, m) -> {}),
                HostItMessages.REGISTRY,
                config,
                NO_EXIT),
            ChannelAddr.any(ChannelTransport.UNIX),
            HostItMessages.REGISTRY,
            config,
            NO_EXIT);
    owned.add(host);
    return host;
  }

  private Proc outsideProc(String name) {
    Proc proc =
        Procs.direct(
            ChannelAddr.any(ChannelTransport.UNIX), name, HostItMessages.REGISTRY, config, NO_EXIT);
    owned.add(() -> proc.destroyAndWait(Duration.ofSeconds(10), null, "test finished"));
    return proc;
  }

  private static ActorId ask(Instance<?> client, ActorRef<EchoMsg> echo) throws Exception {
    OncePortReceiver<ActorId> reply = client.openOncePort();
    echo.send(client, new WhoAreYou(reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  @Test
  void test_simplex_client_to_duplex_host() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    ActorRef<EchoMsg> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    ClientInstance client = outsideProc("client").instance("client");
    assertThat(ask(client, echo)).isEqualTo(echo.actorId());
  }

  @Test
  void test_simplex_peer_sees_clean_close_on_host_shutdown() throws Exception {
    Host<Object, @Nullable Void> host = host();
    CompletableFuture<Void> served = host.serve();
    ActorRef<EchoMsg> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    ClientInstance client = outsideProc("client").instance("client");
    assertThat(ask(client, echo)).isEqualTo(echo.actorId());

    Tx<MessageEnvelope> raw =
        Channels.dial(host.addr(), new EnvelopeCodec(HostItMessages.REGISTRY));
    owned.add(raw);
    OncePortReceiver<ActorId> warmUp = client.openOncePort();
    raw.send(
            MessageEnvelope.of(
                client.selfId(),
                echo.port().portId(),
                new WhoAreYou(warmUp.handle().bind()),
                SeqInfo.DIRECT,
                8))
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(warmUp.recv(TIMEOUT)).isEqualTo(echo.actorId());
    assertThat(raw.status()).isInstanceOf(LinkStatus.Active.class);

    host.stopServing("shutdown").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    served.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // Far below the 30 s delivery timeout a peer would otherwise wait out.
    assertThat(raw.whenClosed().get(10, TimeUnit.SECONDS)).isInstanceOf(LinkStatus.Closed.class);
  }

  @Test
  void test_simplex_clients_during_host_shutdown() throws Exception {
    Host<Object, @Nullable Void> host = host();
    host.serve();
    ActorRef<EchoMsg> echo = host.serviceProc().spawn("echo", new EchoActor()).bind();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
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
                executor));
      }
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    host.stopServing("shutdown").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
