package io.hyperactor.it;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.id.ProcId;
import io.hyperactor.it.ItMessages.Ask;
import io.hyperactor.it.ItMessages.AwaitCount;
import io.hyperactor.it.ItMessages.CounterMsg;
import io.hyperactor.it.ItMessages.Progress;
import io.hyperactor.it.ItMessages.Seq;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import io.hyperactor.transport.grpc.FlakyProxy;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messaging between this JVM and forked peer JVMs over gRPC on TCP. */
class TwoJvmMessagingIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long MAX_FRAME = 1024 * 1024;

  /** The peer's environment: arrival order is checked as is, and frames are capped at 1 MiB. */
  private static final ImmutableMap<String, String> PEER_ENV =
      ImmutableMap.of(
          "HYPERACTOR_ENABLE_DEST_ACTOR_REORDERING_BUFFER", "false",
          "HYPERACTOR_CODEC_MAX_FRAME_LENGTH", Long.toString(MAX_FRAME));

  private final List<AutoCloseable> resources = new ArrayList<>();
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(ItMessages::register).build();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private PeerProcess peer() throws Exception {
    PeerProcess peer = PeerProcess.start(PEER_ENV);
    resources.add(peer);
    return peer;
  }

  private Proc localProc() {
    return kit.system().directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "parent");
  }

  private static long ask(ClientInstance client, ProcId peer, long n) throws Exception {
    ActorRef<Ask> echo = ActorRef.attest(peer.actorId("echo"));
    return echo.<Long>ask(client, reply -> new Ask(n, reply), TIMEOUT).get();
  }

  @Test
  void requestAndReplyBetweenActorsInDifferentProcesses() throws Exception {
    PeerProcess peer = peer();
    Proc proc = localProc();
    try (ClientInstance client = proc.instance("client")) {
      for (long n = 1; n <= 20; n++) {
        assertThat(ask(client, peer.procId(), n)).isEqualTo(2 * n);
      }
    }
  }

  @Test
  void hundredThousandMessagesArriveInOrderWhileTheConnectionIsCut() throws Exception {
    PeerProcess peer = peer();
    ChannelAddr.Tcp peerAddr = (ChannelAddr.Tcp) peer.procId().addr();
    FlakyProxy proxy = new FlakyProxy(peerAddr.address());
    resources.add(proxy);
    Proc proc = localProc();
    // Everything for the peer goes through the proxy; its replies come back directly.
    kit.system().route(
        proc,
        peer.procId(),
        ChannelAddr.Tcp.of(proxy.address().getAddress(), proxy.address().getPort()));
    int total = 100_000;
    int cuts = 5;
    ActorRef<CounterMsg> counter = ActorRef.attest(peer.procId().actorId("counter"));
    try (ClientInstance client = proc.instance("client")) {
      for (int i = 0; i < total; i++) {
        counter.send(client, new Seq(i));
        if (i > 0 && i % (total / (cuts + 1)) == 0) {
          // Mid-stream: messages posted just now are still unacknowledged. Wait for the redial
          // after the previous cut, so that every cut ends a live connection.
          proxy.awaitConnection(Duration.ofSeconds(60));
          proxy.cut();
        }
      }
      Progress progress =
          counter
              .<Progress>ask(client, reply -> new AwaitCount(total, reply), Duration.ofSeconds(120))
              .get();
      assertWithMessage("first problem: %s", progress.firstProblem())
          .that(progress.outOfOrder())
          .isEqualTo(0);
      assertThat(progress.count()).isEqualTo(total);
      // Nothing extra arrives after the count is reached: a duplicate would break the order check
      // of the next message.
      assertThat(ask(client, peer.procId(), 21)).isEqualTo(42);
    }
    assertThat(proxy.accepted()).isGreaterThan(cuts);
  }

  /** Sends to the peer and records what comes back undeliverable. */
  static final class Sender implements Actor<Long> {
    final ProcId peer;
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();

    Sender(ProcId peer) {
      this.peer = peer;
    }

    @Override
    public void handle(Context<Long> cx, Long n) {
      ActorRef.<CounterMsg>attest(peer.actorId("counter")).send(cx, new Seq(n));
    }

    @Override
    public void handleUndeliverable(Instance<Long> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  @Test
  void unreachablePeerYieldsUndeliverablesAfterTheDeliveryTimeout() throws Exception {
    PeerProcess peer = peer();
    peer.kill();
    try (ScopedOverride timeout =
        kit.system().config()
            .override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(2))) {
      Proc proc = localProc();
      Sender sender = new Sender(peer.procId());
      ActorHandle<Long> handle = proc.spawn("sender", sender);
      for (long n = 0; n < 5; n++) {
        handle.send(n);
      }
      List<Object> payloads = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Undeliverable u = sender.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertWithMessage("undeliverable %s", i).that(u).isNotNull();
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.TIMEOUT);
        assertThat(u.error().message()).contains(peer.procId().addr().toString());
        payloads.add(u.envelope().payload());
      }
      assertThat(payloads)
          .containsExactly(new Seq(0), new Seq(1), new Seq(2), new Seq(3), new Seq(4));
      // Teardown does not hang on the dead link.
      assertThat(proc.destroyAndWait(Duration.ofSeconds(5), "done").aborted()).isEmpty();
    }
  }

  @Test
  void garbageAndOversizedFramesAreRejectedWhileTheServerKeepsServing() throws Exception {
    PeerProcess peer = peer();
    ChannelAddr.Tcp peerAddr = (ChannelAddr.Tcp) peer.procId().addr();
    Proc proc = localProc();
    Random random = new Random(1234);

    // Raw random bytes on the server's TCP port: not even the link protocol.
    try (Socket socket = new Socket(peerAddr.address().getAddress(), peerAddr.address().getPort())) {
      byte[] junk = new byte[64 * 1024];
      random.nextBytes(junk);
      OutputStream out = socket.getOutputStream();
      out.write(junk);
      out.flush();
    }

    try (Tx<byte[]> raw = kit.system().channels().dial(peerAddr, ChannelCodec.bytes())) {
      // Random bytes as a frame of the link protocol: they are not an envelope.
      byte[] notAnEnvelope = new byte[200];
      random.nextBytes(notAnEnvelope);
      notAnEnvelope[0] = (byte) 0xff;
      ExecutionException garbage =
          assertThrows(
              ExecutionException.class,
              () -> raw.send(notAnEnvelope).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      SendException sendGarbage = (SendException) garbage.getCause();
      assertThat(sendGarbage.kind()).isEqualTo(ChannelException.Kind.CODEC);
      assertThat(sendGarbage).hasMessageThat().contains("malformed envelope of 200 bytes");
    }

    try (Tx<byte[]> raw = kit.system().channels().dial(peerAddr, ChannelCodec.bytes())) {
      // Over the peer's codec_max_frame_length: that one message is refused (by the sender, which
      // waits for the peer's Accept before it writes anything over 256 KiB).
      byte[] oversized = new byte[(int) (MAX_FRAME + MAX_FRAME / 2)];
      ExecutionException big =
          assertThrows(
              ExecutionException.class,
              () -> raw.send(oversized).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      SendException sendBig = (SendException) big.getCause();
      assertWithMessage("reason: %s", sendBig.getMessage())
          .that(sendBig.kind())
          .isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      assertThat(sendBig)
          .hasMessageThat()
          .contains("rejecting oversize frame: len=" + oversized.length + " > max=" + MAX_FRAME);
    }

    try (Tx<byte[]> raw = kit.system().channels().dial(peerAddr, ChannelCodec.bytes())) {
      // Far over it, beyond what the server's gRPC layer reads at all: the sender learned the
      // server's limit from its Accept and refuses that one message itself; the link stays up.
      byte[] huge = new byte[(int) (4 * MAX_FRAME)];
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () -> raw.send(huge).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      SendException sendHuge = (SendException) refused.getCause();
      assertWithMessage("reason: %s", sendHuge.getMessage())
          .that(sendHuge.kind())
          .isEqualTo(ChannelException.Kind.OVERSIZED_FRAME);
      assertThat(sendHuge)
          .hasMessageThat()
          .contains("rejecting oversize frame: len=" + huge.length + " > max=" + MAX_FRAME);
      assertThat(raw.status()).isEqualTo(io.hyperactor.channel.LinkStatus.active());
    }

    // The server still serves this peer.
    try (ClientInstance client = proc.instance("client")) {
      assertThat(ask(client, peer.procId(), 5)).isEqualTo(10);
    }
    // The peer logged why it refused the garbage. The oversized messages never reached it.
    String log = peer.stderr();
    assertThat(log).contains("failed to decode message with EnvelopeCodec");
    assertThat(log).contains("malformed envelope of 200 bytes");
  }
}
