package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.channel.LocalChannelProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Duplex links of upstream {@code duplex.rs}: two directions of messages on one connection. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DuplexTest {
  private static final ChannelCodec<String> UTF8 = ChannelCodec.utf8();
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();
  private final GrpcChannelProvider provider = new GrpcChannelProvider(config);

  static List<ChannelTransport> networkTransports() {
    return TestTransports.network().toList();
  }

  private DuplexServer<String, String> serve(ChannelTransport transport) {
    return provider.serveDuplex(TestTransports.any(transport), UTF8, UTF8);
  }

  private DuplexLink<String, String> dial(ChannelAddr addr) {
    return provider.dialDuplex(addr, UTF8, UTF8, e -> {});
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testDuplexBasic(ChannelTransport transport) throws Exception {
    try (DuplexServer<String, String> server = serve(transport);
        DuplexLink<String, String> client = dial(server.addr())) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acks.add(client.tx().send("up " + i));
      }
      DuplexLink<String, String> session = server.accept();
      for (int i = 0; i < 5; i++) {
        assertThat(session.rx().recv()).isEqualTo("up " + i);
        acks.add(session.tx().send("down " + i));
      }
      for (int i = 0; i < 5; i++) {
        assertThat(client.rx().recv()).isEqualTo("down " + i);
      }
      client.close();
      // Closing flushed the acks for everything taken, in both directions.
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, SECONDS);
      assertThat(session.tx().whenClosed().get(30, SECONDS).reason()).contains("closed");
      ChannelException e = assertThrows(ChannelException.class, () -> session.rx().recv());
      assertThat(e.kind()).isEqualTo(ChannelException.Kind.CLOSED);
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testDuplexMultipleLinks(ChannelTransport transport) throws Exception {
    try (DuplexServer<String, String> server = serve(transport);
        DuplexLink<String, String> a = dial(server.addr())) {
      a.tx().post("from a");
      DuplexLink<String, String> sessionA = server.accept();
      assertThat(sessionA.rx().recv()).isEqualTo("from a");
      // Duplex links connect at once: dial the second only now, so the accept order is known.
      try (DuplexLink<String, String> b = dial(server.addr())) {
        b.tx().post("from b");
        DuplexLink<String, String> sessionB = server.accept();
        assertThat(sessionB.rx().recv()).isEqualTo("from b");

        sessionA.tx().post("to a");
        sessionB.tx().post("to b");
        assertThat(a.rx().recv()).isEqualTo("to a");
        assertThat(b.rx().recv()).isEqualTo("to b");
        assertThat(a.rx().recv(Duration.ofMillis(100))).isEmpty();
        assertThat(b.rx().recv(Duration.ofMillis(100))).isEmpty();

        // Closing one session leaves the other untouched.
        a.close();
        sessionA.tx().whenClosed().get(30, SECONDS);
        CompletableFuture<Void> stillUp = b.tx().send("b again");
        assertThat(sessionB.rx().recv()).isEqualTo("b again");
        stillUp.get(30, SECONDS);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testDuplexPingPong(ChannelTransport transport) throws Exception {
    try (DuplexServer<String, String> server = serve(transport);
        DuplexLink<String, String> client = dial(server.addr())) {
      client.tx().post("ping 0");
      DuplexLink<String, String> session = server.accept();
      for (int i = 0; i < 100; i++) {
        String ping = session.rx().recv();
        assertThat(ping).isEqualTo("ping " + i);
        session.tx().post("pong " + i);
        assertThat(client.rx().recv()).isEqualTo("pong " + i);
        if (i < 99) {
          client.tx().post("ping " + (i + 1));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void closingTheServerClosesEveryLinkPromptly(ChannelTransport transport) throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofHours(1));
    DuplexServer<String, String> server = serve(transport);
    try (DuplexLink<String, String> client = dial(server.addr())) {
      client.tx().send("hello").thenRun(() -> {});
      DuplexLink<String, String> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo("hello");
      CompletableFuture<Void> pending = session.tx().send("never taken");
      server.close();
      assertThat(client.tx().whenClosed().get(30, SECONDS).reason())
          .isEqualTo("server closed: server closed");
      ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(30, SECONDS));
      assertThat(e.getCause()).hasMessageThat().contains("server closed");
      ChannelException closed = assertThrows(ChannelException.class, () -> server.accept());
      assertThat(closed)
          .hasMessageThat()
          .isEqualTo("channel duplex server " + server.addr() + " is closed");
    } finally {
      server.close();
    }
  }

  @Test
  void serverSideMessagesWaitForTheDialerToReconnect() throws Exception {
    try (DuplexServer<String, String> server =
            provider.serveDuplex(ChannelAddr.anyLocalhost(ChannelTransport.TCP), UTF8, UTF8);
        FlakyProxy proxy = new FlakyProxy(((ChannelAddr.Tcp) server.addr()).address());
        DuplexLink<String, String> client = dial(new ChannelAddr.Tcp(proxy.address()))) {
      CompletableFuture<Void> hello = client.tx().send("hello");
      DuplexLink<String, String> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo("hello");
      hello.get(30, SECONDS);
      for (int round = 0; round < 5; round++) {
        proxy.cut();
        CompletableFuture<Void> down = session.tx().send("down " + round);
        CompletableFuture<Void> up = client.tx().send("up " + round);
        assertThat(client.rx().recv()).isEqualTo("down " + round);
        assertThat(session.rx().recv()).isEqualTo("up " + round);
        down.get(30, SECONDS);
        up.get(30, SECONDS);
      }
      assertThat(server.accept(Duration.ofMillis(100))).isEmpty();
    }
  }

  private void ackPolicyOutOfReach() {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void duplexClientJoinFlushesPendingAck(ChannelTransport transport) throws Exception {
    ackPolicyOutOfReach();
    try (DuplexServer<String, String> server = serve(transport)) {
      DuplexLink<String, String> client = dial(server.addr());
      client.tx().post("hello");
      DuplexLink<String, String> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo("hello");
      CompletableFuture<Void> down = session.tx().send("down");
      assertThat(client.rx().recv()).isEqualTo("down");
      assertThat(down.isDone()).isFalse();
      client.close();
      down.get(30, SECONDS);
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void serverJoinFlushesPendingAckDuplexSession(ChannelTransport transport) throws Exception {
    ackPolicyOutOfReach();
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofHours(1));
    DuplexServer<String, String> server = serve(transport);
    try (DuplexLink<String, String> client = dial(server.addr())) {
      CompletableFuture<Void> up = client.tx().send("up");
      assertThat(server.accept().rx().recv()).isEqualTo("up");
      assertThat(up.isDone()).isFalse();
      server.close();
      up.get(30, SECONDS);
      assertThat(client.tx().whenClosed().get(30, SECONDS).reason()).startsWith("server closed");
    } finally {
      server.close();
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void duplexServeFlushesPendingAckOnAppClosed(ChannelTransport transport) throws Exception {
    ackPolicyOutOfReach();
    try (DuplexServer<String, String> server = serve(transport);
        DuplexLink<String, String> client = dial(server.addr())) {
      CompletableFuture<Void> up = client.tx().send("up");
      DuplexLink<String, String> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo("up");
      // The application closes its side of the session: ack first, then Closed.
      session.tx().close();
      up.get(30, SECONDS);
      assertThat(client.tx().whenClosed().get(30, SECONDS).reason())
          .isEqualTo("server closed: link closed");
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void acceptingSideCloseWaitsForTheDialersFinalAck(ChannelTransport transport) throws Exception {
    ackPolicyOutOfReach();
    try (DuplexServer<String, String> server = serve(transport);
        DuplexLink<String, String> client = dial(server.addr())) {
      client.tx().post("hello");
      DuplexLink<String, String> session = server.accept();
      assertThat(session.rx().recv()).isEqualTo("hello");
      CompletableFuture<Void> taken = session.tx().send("taken");
      CompletableFuture<Void> notTaken = session.tx().send("not taken");
      assertThat(client.rx().recv()).isEqualTo("taken");
      session.close();
      taken.get(30, SECONDS);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> notTaken.get(30, SECONDS));
      assertThat(e.getCause()).hasMessageThat().endsWith(": link closed");
      assertThat(client.tx().whenClosed().get(30, SECONDS).reason())
          .isEqualTo("server closed: link closed");
      // What the dialer had not taken was withdrawn along with its session.
      assertThrows(ChannelException.class, () -> client.rx().recv());
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void duplexClientJoinTerminatesInProgressRecv(ChannelTransport transport) throws Exception {
    try (DuplexServer<String, String> server = serve(transport)) {
      DuplexLink<String, String> client = dial(server.addr());
      CompletableFuture<Throwable> recvFailure = new CompletableFuture<>();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.rx().recv();
                      recvFailure.complete(null);
                    } catch (Throwable t) {
                      recvFailure.complete(t);
                    }
                  });
      client.close();
      Throwable failure = recvFailure.get(30, SECONDS);
      assertThat(failure).isInstanceOf(ChannelException.class);
      assertThat(((ChannelException) failure).kind()).isEqualTo(ChannelException.Kind.CLOSED);
      reader.join();
    }
  }

  @Test
  void localTransportHasNoDuplexLinks() {
    ChannelException e =
        assertThrows(
            ChannelException.class,
            () -> new LocalChannelProvider().serveDuplex(new ChannelAddr.Local(0), UTF8, UTF8));
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.UNSUPPORTED);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("transport 'local' does not support duplex links (local:0)");
  }

  @Test
  void channelsEntryPointServesAndDialsDuplexLinks() throws Exception {
    Channels channels = Channels.of(new LocalChannelProvider(), provider);
    try (DuplexServer<String, String> server =
            channels.serveDuplex(ChannelAddr.any(ChannelTransport.UNIX), UTF8, UTF8);
        DuplexLink<String, String> client = channels.dialDuplex(server.addr(), UTF8, UTF8)) {
      client.tx().post("hi");
      assertThat(server.accept().rx().recv()).isEqualTo("hi");
    }
  }
}
