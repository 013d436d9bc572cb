package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.transport.grpc.proto.Frame;
import io.hyperactor.transport.grpc.proto.Hello;
import io.hyperactor.transport.grpc.proto.Reject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sender side of the link protocol, against a hand-driven receiver. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NetTxTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();

  private Tx<String> dial(FakeLinkServer server) {
    return new GrpcChannelProvider(config).dial(server.addr(), ChannelCodec.utf8(), e -> {});
  }

  private static List<CompletableFuture<Void>> sendAll(Tx<String> tx, int from, int to) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = from; i < to; i++) {
      acks.add(tx.send("m" + i));
    }
    return acks;
  }

  private static Hello hello(FakeLinkServer.Call call) throws InterruptedException {
    Frame first = call.next();
    assertThat(first.hasHello()).isTrue();
    return first.getHello();
  }

  @Test
  void testAckInNetTxBasic() throws Exception {
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      List<CompletableFuture<Void>> acks = sendAll(tx, 0, 5);
      FakeLinkServer.Call first = server.nextCall();
      Hello opening = hello(first);
      assertThat(opening.getAckedBelow()).isEqualTo(0);
      assertThat(first.messages(5))
          .containsExactly("0=m0", "1=m1", "2=m2", "3=m3", "4=m4")
          .inOrder();
      first.respond(RawLink.ack(5));
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, SECONDS);

      first.fail();
      FakeLinkServer.Call second = server.nextCall();
      Hello resumed = hello(second);
      assertThat(resumed.getAckedBelow()).isEqualTo(5);
      assertThat(resumed.getSessionId()).isEqualTo(opening.getSessionId());
      tx.post("m5");
      // Nothing acknowledged is resent: the next message is seq 5.
      assertThat(second.messages(1)).containsExactly("5=m5");
    }
  }

  @Test
  void testPersistentNetTx() throws Exception {
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      List<CompletableFuture<Void>> acks = sendAll(tx, 0, 5);
      FakeLinkServer.Call first = server.nextCall();
      long session = hello(first).getSessionId();
      assertThat(first.messages(5)).hasSize(5);
      first.respond(RawLink.ack(2));
      acks.get(1).get(30, SECONDS);
      assertThat(acks.get(0).isDone()).isTrue();
      assertThat(acks.get(2).isDone()).isFalse();

      first.fail();
      FakeLinkServer.Call second = server.nextCall();
      Hello resumed = hello(second);
      assertThat(resumed.getSessionId()).isEqualTo(session);
      assertThat(resumed.getAckedBelow()).isEqualTo(2);
      assertThat(second.messages(3)).containsExactly("2=m2", "3=m3", "4=m4").inOrder();
      second.respond(RawLink.ack(3));
      second.respond(RawLink.ack(3)); // Repeated acks are tolerated.
      acks.get(2).get(30, SECONDS);

      second.fail();
      FakeLinkServer.Call third = server.nextCall();
      assertThat(hello(third).getAckedBelow()).isEqualTo(3);
      acks.addAll(sendAll(tx, 5, 6));
      // Resent messages go first; the new one follows with the next seq.
      assertThat(third.messages(3)).containsExactly("3=m3", "4=m4", "5=m5").inOrder();
      third.respond(RawLink.ack(6));
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, SECONDS);
    }
  }

  @Test
  void testNetTxClosedOnServerReject() throws Exception {
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      CompletableFuture<Void> acked = tx.send("m0");
      FakeLinkServer.Call call = server.nextCall();
      call.messages(1);
      call.respond(Frame.newBuilder().setReject(Reject.newBuilder().setReason("go away")).build());
      assertThat(tx.whenClosed().get(30, SECONDS).reason())
          .isEqualTo("server rejected connection: go away");
      ExecutionException e = assertThrows(ExecutionException.class, () -> acked.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind()).isEqualTo(ChannelException.Kind.REJECTED);
    }
  }

  @Test
  void testAckExceededLimitWithConnectedLink() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(1));
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      CompletableFuture<Void> acked = tx.send("never acked");
      FakeLinkServer.Call call = server.nextCall();
      call.messages(1);
      ExecutionException e = assertThrows(ExecutionException.class, () -> acked.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind())
          .isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
      String reason = e.getCause().getMessage();
      assertThat(reason).contains("failed to receive ack within timeout 1s");
      assertThat(reason).contains("link is currently connected");
      // The receiver is told to withdraw it, and the link carries the next message. When the
      // connection came up before the message was posted, nothing was acknowledged on it for a
      // whole timeout, so the sender also drops it as stalled: the skip and the next message then
      // come on the next connection.
      FakeLinkServer.Call live = callWithSkip(server, call, 1);
      assertThat(tx.status()).isEqualTo(LinkStatus.active());
      tx.post("next");
      assertThat(live.messages(1)).containsExactly("1=next");
    }
  }

  @Test
  void aMessageThatTimesOutComesBackAloneAndItsSuccessorIsStillDelivered() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(2));
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      CompletableFuture<Void> first = tx.send("stalled");
      FakeLinkServer.Call call = server.nextCall();
      assertThat(call.messages(1)).containsExactly("0=stalled");
      // Posted well after the first, so it is still young when the first times out.
      Thread.sleep(1500);
      CompletableFuture<Void> second = tx.send("young");
      assertThat(call.messages(1)).containsExactly("1=young");
      ExecutionException e = assertThrows(ExecutionException.class, () -> first.get(30, SECONDS));
      assertThat(((SendException) e.getCause()).kind())
          .isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
      assertThat(second.isDone()).isFalse();
      // Nothing was acknowledged on this connection for a whole timeout, so the sender may also
      // drop it as stalled, racing the skip it writes. Either way the receiver is told to skip the
      // expired message, on this call or first thing on the next, and the young one follows.
      FakeLinkServer.Call live = callWithSkip(server, call, 1);
      live.respond(RawLink.ack(2));
      second.get(30, SECONDS);
      assertThat(tx.status()).isEqualTo(LinkStatus.active());
    }
  }

  /**
   * The call on which the sender tells the receiver to skip below {@code below}: {@code call}, or
   * the next one when the sender ends {@code call} before the skip arrives on it.
   */
  private static FakeLinkServer.Call callWithSkip(
      FakeLinkServer server, FakeLinkServer.Call call, long below) throws Exception {
    FakeLinkServer.Call current = call;
    long deadline = System.nanoTime() + SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Frame frame = current.frames.poll(10, TimeUnit.MILLISECONDS);
      if (frame != null) {
        if (frame.hasSkip()) {
          assertThat(frame.getSkip().getBelow()).isEqualTo(below);
          return current;
        }
      } else if (current.ended.isDone() && current.frames.isEmpty()) {
        current = server.nextCall();
      }
    }
    throw new AssertionError("no skip below " + below + " within 30 s");
  }

  @Test
  void testAckExceededLimitWithBrokenLink() throws Exception {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(1));
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      CompletableFuture<Void> acked = tx.send("never acked");
      FakeLinkServer.Call call = server.nextCall();
      call.messages(1);
      server.refuseCalls();
      call.fail();
      ExecutionException e = assertThrows(ExecutionException.class, () -> acked.get(30, SECONDS));
      String reason = e.getCause().getMessage();
      assertThat(reason).contains("within timeout 1s");
      assertThat(reason).contains("link is currently broken");
      assertThat(reason).contains("disconnected for");
    }
  }

  @Test
  void testAckBeforeRedeliveryInNetTx() throws Exception {
    try (FakeLinkServer server = new FakeLinkServer();
        Tx<String> tx = dial(server)) {
      List<CompletableFuture<Void>> acks = sendAll(tx, 0, 3);
      FakeLinkServer.Call first = server.nextCall();
      hello(first);
      first.messages(3);
      first.fail();
      // The receiver took everything before the break; its first answer on the new call says so.
      FakeLinkServer.Call second = server.nextCall();
      second.respond(RawLink.ack(3));
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, SECONDS);
    }
  }

  @Test
  void closingTheSenderReturnsUnacknowledgedMessages() throws Exception {
    try (FakeLinkServer server = new FakeLinkServer()) {
      Tx<String> tx = dial(server);
      CompletableFuture<Void> acked = tx.send("m0");
      server.nextCall().messages(1);
      tx.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> acked.get(30, SECONDS));
      assertThat(e.getCause()).hasMessageThat().endsWith(": sender closed");
      assertThat(tx.status().isClosed()).isTrue();
    }
  }
}
