package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network channel tests of upstream {@code channel/net.rs}, over gRPC on TCP and Unix sockets.
 */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NetChannelTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();
  private final GrpcChannelProvider provider = new GrpcChannelProvider(config);

  static List<ChannelTransport> networkTransports() {
    return TestTransports.network().toList();
  }

  private Tx<String> dial(ChannelAddr addr) {
    return provider.dial(addr, ChannelCodec.utf8(), e -> {});
  }

  private void basicSequence(ChannelAddr serveAt) throws Exception {
    Rx<String> rx = provider.serve(serveAt, ChannelCodec.utf8());
    try (Tx<String> tx = dial(rx.addr())) {
      tx.post("123");
      assertThat(rx.recv()).isEqualTo("123");
      tx.post("1");
      tx.post("2");
      tx.post("3");
      assertThat(rx.recv()).isEqualTo("1");
      assertThat(rx.recv()).isEqualTo("2");
      assertThat(rx.recv()).isEqualTo("3");

      rx.close();
      CompletableFuture<SendError<String>> returned = new CompletableFuture<>();
      tx.post("123", returned::complete);
      SendError<String> error = returned.get(30, SECONDS);
      assertThat(error.message()).isEqualTo("123");
      assertThat(error.error().kind()).isEqualTo(ChannelException.Kind.CLOSED);
    } finally {
      rx.close();
    }
  }

  @Test
  void testUnixBasic() throws Exception {
    basicSequence(ChannelAddr.any(ChannelTransport.UNIX));
  }

  @Test
  void testTcpBasic() throws Exception {
    basicSequence(ChannelAddr.anyLocalhost(ChannelTransport.TCP));
  }

  @Test
  void testUnixBasicClientBeforeServer(@TempDir Path dir) throws Exception {
    ChannelAddr addr = ChannelAddr.Unix.path(dir.resolve("late.sock").toString());
    try (Tx<String> tx = dial(addr)) {
      CompletableFuture<Void> first = tx.send("early");
      try (Rx<String> rx = provider.serve(addr, ChannelCodec.utf8())) {
        assertThat(rx.recv()).isEqualTo("early");
        first.get(30, SECONDS);
        tx.post("1");
        tx.post("2");
        tx.post("3");
        assertThat(rx.recv()).isEqualTo("1");
        assertThat(rx.recv()).isEqualTo("2");
        assertThat(rx.recv()).isEqualTo("3");
      }
    }
    assertThat(Files.exists(dir.resolve("late.sock"))).isFalse();
  }

  @Test
  void abstractUnixSocketsLiveInTheAbstractNamespace() throws Exception {
    ChannelAddr.Unix addr = ChannelAddr.Unix.randomAbstract();
    try (Rx<String> rx = provider.serve(addr, ChannelCodec.utf8())) {
      assertThat(rx.addr()).isEqualTo(addr);
      assertThat(Files.readString(Path.of("/proc/net/unix"))).contains("@" + addr.name());
      assertThat(Files.exists(Path.of(addr.name()))).isFalse();
    }
  }

  @Test
  void testTcpMessageSize() throws Exception {
    int max = 1024 * 1024;
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, (long) max);
    GrpcChannelProvider limited = new GrpcChannelProvider(config);
    try (Rx<byte[]> rx =
            limited.serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.bytes());
        Tx<byte[]> tx = limited.dial(rx.addr(), ChannelCodec.bytes(), e -> {})) {
      byte[] fits = new byte[max - 1024];
      fits[fits.length - 1] = 7;
      CompletableFuture<Void> acked = tx.send(fits);
      assertThat(rx.recv()).isEqualTo(fits);
      acked.get(30, SECONDS);

      byte[] tooBig = new byte[max + 1024];
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send(tooBig).get(30, SECONDS));
      SendException send = (SendException) e.getCause();
      assertThat(send.kind()).isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      assertThat(send)
          .hasMessageThat()
          .contains("rejecting oversize frame: len=" + tooBig.length + " > max=" + max);
      assertThat(send.error().message()).isSameInstanceAs(tooBig);

      // Only that message was refused: the link stays up.
      assertThat(tx.status()).isEqualTo(LinkStatus.active());
      tx.send(new byte[] {1}).thenRun(() -> {});
      assertThat(rx.recv()).isEqualTo(new byte[] {1});
    }
  }

  @Test
  void messageEncodedInPiecesIsLimitedByItsTotalLength() throws Exception {
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 1000L);
    ChannelCodec<byte[]> halves =
        new ChannelCodec<>() {
          @Override
          public byte[] encode(byte[] message) {
            return message;
          }

          @Override
          public byte[] decode(byte[] bytes) {
            return bytes;
          }

          @Override
          public List<ByteBuffer> encodeToBuffers(byte[] message) {
            int half = message.length / 2;
            return List.of(
                ByteBuffer.wrap(message, 0, half),
                ByteBuffer.wrap(message, half, message.length - half));
          }
        };
    GrpcChannelProvider limited = new GrpcChannelProvider(config);
    try (Rx<byte[]> rx =
            limited.serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.bytes());
        Tx<byte[]> tx = limited.dial(rx.addr(), halves, e -> {})) {
      byte[] fits = new byte[1000];
      fits[0] = 1;
      fits[999] = 2;
      CompletableFuture<Void> acked = tx.send(fits);
      assertThat(rx.recv()).isEqualTo(fits);
      acked.get(30, SECONDS);

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send(new byte[1001]).get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind())
          .isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      assertThat(e.getCause())
          .hasMessageThat()
          .contains("rejecting oversize frame: len=1001 > max=1000");
    }
  }

  @Test
  void receiverEnforcesItsOwnFrameLimit() throws Exception {
    HyperactorConfig small = HyperactorConfig.defaultsOnly();
    small.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 1000L);
    try (Rx<byte[]> rx =
            new GrpcChannelProvider(small)
                .serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.bytes());
        Tx<byte[]> tx =
            new GrpcChannelProvider(config).dial(rx.addr(), ChannelCodec.bytes(), e -> {})) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send(new byte[2000]).get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind())
          .isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      // Refused by the receiver (a Nack) when it was written before the receiver's Accept, by
      // the sender itself after: either way alone, and the link carries on.
      assertThat(e.getCause())
          .hasMessageThat()
          .contains("rejecting oversize frame: len=2000 > max=1000");
      CompletableFuture<Void> next = tx.send(new byte[] {2});
      assertThat(rx.recv()).isEqualTo(new byte[] {2});
      next.get(30, SECONDS);
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testAckFlush(ChannelTransport transport) throws Exception {
    // Acks effectively disabled: only the flush at close can acknowledge.
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = dial(rx.addr())) {
      CompletableFuture<Void> acked = tx.send("m");
      assertThat(rx.recv()).isEqualTo("m");
      assertThat(acked.isDone()).isFalse();
      rx.close();
      acked.get(30, SECONDS);
    } finally {
      rx.close();
    }
  }

  @Test
  void testTcpTxDeliveryTimeout() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(1));
    int port;
    try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = unused.getLocalPort();
    }
    ChannelAddr nobody = ChannelAddr.Tcp.of(InetAddress.getLoopbackAddress(), port);
    try (Tx<String> tx = dial(nobody)) {
      CompletableFuture<Void> acked = tx.send("into the void");
      ExecutionException e = assertThrows(ExecutionException.class, () -> acked.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind())
          .isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
      assertThat(e.getCause()).hasMessageThat().contains("session " + nobody + ".");
      assertThat(e.getCause())
          .hasMessageThat()
          .contains("failed to deliver message within timeout 1s");
      assertThat(e.getCause()).hasMessageThat().contains("never connected: cannot connect (");
      assertThat(e.getCause()).hasMessageThat().contains("Connection refused");
      // The message came back alone: the link stays, for messages that may yet get through.
      assertThat(tx.status()).isEqualTo(LinkStatus.active());
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testStopNetTxAfterStoppingNetRx(ChannelTransport transport) throws Exception {
    // A long delivery timeout shows the sender learns of the close from the receiver itself.
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofHours(1));
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = dial(rx.addr())) {
      tx.send("m").thenRun(() -> {});
      assertThat(rx.recv()).isEqualTo("m");
      rx.close();
      assertThat(tx.whenClosed().get(30, SECONDS).reason())
          .isEqualTo("server closed: receiver closed");
      assertThat(tx.status().isClosed()).isTrue();
    } finally {
      rx.close();
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void messagesNotTakenComeBackWhenTheReceiverCloses(ChannelTransport transport) throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofHours(1));
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = dial(rx.addr())) {
      CompletableFuture<Void> taken = tx.send("taken");
      CompletableFuture<Void> notTaken = tx.send("not taken");
      assertThat(rx.recv()).isEqualTo("taken");
      rx.close();
      taken.get(30, SECONDS);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> notTaken.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).error().message()).isEqualTo("not taken");
      assertThat(e.getCause()).hasMessageThat().contains("server closed: receiver closed");
    } finally {
      rx.close();
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void closingTheSenderAcknowledgesWhatWasTakenAndWithdrawsTheRest(ChannelTransport transport)
      throws Exception {
    // Only the close can acknowledge: the ack policy is out of reach.
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
    try (Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8())) {
      Tx<String> tx = dial(rx.addr());
      CompletableFuture<Void> taken = tx.send("taken");
      CompletableFuture<Void> queued = tx.send("queued");
      // Both were posted before the link connected, so they travel in one batch: once "taken" is
      // out, "queued" waits in the receiver's queue.
      assertThat(rx.recv()).isEqualTo("taken");
      tx.close();
      taken.get(30, SECONDS);
      ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(30, SECONDS));
      assertThat(e.getCause()).hasMessageThat().endsWith(": sender closed");
      // The returned messages are withdrawn: the receiver never hands them out.
      assertThat(rx.recv(Duration.ofMillis(200))).isEmpty();
      assertThat(tx.status()).isEqualTo(new LinkStatus.Closed("sender closed"));
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void undecodableMessagesComeBackToTheSender(ChannelTransport transport) throws Exception {
    ChannelCodec<String> picky =
        new ChannelCodec<>() {
          @Override
          public byte[] encode(String message) {
            return ChannelCodec.utf8().encode(message);
          }

          @Override
          public String decode(byte[] bytes) {
            String text = ChannelCodec.utf8().decode(bytes);
            if (text.equals("poison")) {
              throw new IllegalArgumentException("poison is not a message");
            }
            return text;
          }
        };
    try (Rx<String> rx = provider.serve(TestTransports.any(transport), picky);
        Tx<String> tx = provider.dial(rx.addr(), picky, e -> {})) {
      CompletableFuture<Void> before = tx.send("before");
      CompletableFuture<Void> poison = tx.send("poison");
      CompletableFuture<Void> after = tx.send("after");
      assertThat(rx.recv()).isEqualTo("before");
      assertThat(rx.recv()).isEqualTo("after");
      ExecutionException e = assertThrows(ExecutionException.class, () -> poison.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind()).isEqualTo(ChannelException.Kind.CODEC);
      assertThat(e.getCause()).hasMessageThat().contains("poison is not a message");
      before.get(30, SECONDS);
      after.get(30, SECONDS);
      assertThat(tx.status()).isEqualTo(LinkStatus.active());
    }
  }

  @Test
  void encodeFailuresComeBackToTheSender() throws Exception {
    ChannelCodec<String> failing =
        new ChannelCodec<>() {
          @Override
          public byte[] encode(String message) {
            throw new IllegalStateException("cannot encode " + message);
          }

          @Override
          public String decode(byte[] bytes) {
            throw new AssertionError("never called");
          }
        };
    try (Rx<String> rx = provider.serve(ChannelAddr.any(ChannelTransport.UNIX), failing);
        Tx<String> tx = provider.dial(rx.addr(), failing, e -> {})) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> tx.send("x").get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind()).isEqualTo(ChannelException.Kind.CODEC);
      assertThat(e.getCause()).hasMessageThat().contains("failed to encode message");
      assertThat(e.getCause()).hasMessageThat().contains("cannot encode x");
    }
  }

  @Test
  void testNetworkFlakinessInChannel() throws Exception {
    int messages = 5001;
    try (Rx<String> rx =
            provider.serve(ChannelAddr.anyLocalhost(ChannelTransport.TCP), ChannelCodec.utf8());
        FlakyProxy proxy = new FlakyProxy(((ChannelAddr.Tcp) rx.addr()).address());
        Tx<String> tx = dial(new ChannelAddr.Tcp(proxy.address()))) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        acks.add(tx.send(Integer.toString(i)));
      }
      for (int i = 0; i < messages; i++) {
        assertThat(rx.recv()).isEqualTo(Integer.toString(i));
        if (i % 400 == 399) {
          proxy.cut();
        }
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, SECONDS);
      assertThat(rx.recv(Duration.ofMillis(100))).isEmpty();
      assertThat(proxy.accepted()).isGreaterThan(1);
    }
  }

  private void sendInOrder(ChannelTransport transport, int messages) throws Exception {
    Rx<String> rx = provider.serve(TestTransports.any(transport), ChannelCodec.utf8());
    try (Tx<String> tx = dial(rx.addr())) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        acks.add(tx.send(Integer.toString(i)));
      }
      for (int i = 0; i < messages; i++) {
        assertThat(rx.recv()).isEqualTo(Integer.toString(i));
      }
      rx.close();
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, SECONDS);
    } finally {
      rx.close();
    }
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testAckEveryNMessages(ChannelTransport transport) throws Exception {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 600L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
    sendInOrder(transport, 5001);
  }

  @ParameterizedTest
  @MethodSource("networkTransports")
  void testAckEveryTimeInterval(ChannelTransport transport) throws Exception {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofMillis(200));
    sendInOrder(transport, 5001);
  }

  @Test
  void ackEveryTimeIntervalAcknowledgesWithoutAClose() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 100_000_000L);
    config.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofMillis(50));
    try (Rx<String> rx =
            provider.serve(ChannelAddr.any(ChannelTransport.UNIX), ChannelCodec.utf8());
        Tx<String> tx = dial(rx.addr())) {
      CompletableFuture<Void> acked = tx.send("m");
      assertThat(rx.recv()).isEqualTo("m");
      acked.get(30, SECONDS);
    }
  }

  @Test
  void servingAnAddressInUseFailsNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ChannelAddr addr =
          new ChannelAddr.Tcp(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()));
      ChannelException e =
          assertThrows(ChannelException.class, () -> provider.serve(addr, ChannelCodec.utf8()));
      assertThat(e.kind()).isEqualTo(ChannelException.Kind.IO);
      assertThat(e).hasMessageThat().startsWith("cannot serve " + addr + ": ");
    }
  }
}
