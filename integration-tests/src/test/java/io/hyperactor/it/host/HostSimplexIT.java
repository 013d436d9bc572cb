package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Tx;
import io.hyperactor.host.Host;
import io.hyperactor.id.ActorId;
import io.hyperactor.it.host.HostItMessages.EchoMsg;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plain (simplex) peers of a host on a Unix frontend, and its orderly shutdown. */
class HostSimplexIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(HostItMessages::register).build();

  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  private static Host<Object, @Nullable Void> host() {
    return kit.system().localHost(ChannelAddr.any(ChannelTransport.UNIX));
  }

  private static Proc outsideProc(String name) {
    return kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), name);
  }

  private static ActorId ask(Instance<?> client, ActorRef<EchoMsg> echo) throws Exception {
    return echo.<ActorId>ask(client, WhoAreYou::new, TIMEOUT).get();
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
        kit.system().channels().dial(host.addr(), kit.system().envelopeCodec());
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
