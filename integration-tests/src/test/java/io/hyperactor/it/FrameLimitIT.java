package io.hyperactor.it;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.it.BoundaryActors.Recorder;
import io.hyperactor.it.BoundaryMessages.Blob;
import io.hyperactor.it.BoundaryMessages.Recorded;
import io.hyperactor.it.BoundaryMessages.RecorderMsg;
import io.hyperactor.it.BoundaryMessages.Report;
import io.hyperactor.it.BoundaryMessages.SendBlobs;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVMs whose {@code codec_max_frame_length} are 64 KiB (the peer) and 16 MiB (this one)
 * exchange messages of 1 KiB, 1 MiB and 8 MiB in both directions: each oversized message alone
 * comes back undeliverable to its sender, and the 1 KiB messages before and after it all arrive,
 * in order, on the same link.
 */
class FrameLimitIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;
  private static final List<Integer> SIZES = List.of(KIB, KIB, MIB, KIB, 8 * MIB, KIB, KIB);
  /** The indexes of the 1 KiB messages, which fit both limits. */
  private static final List<Integer> FITTING = List.of(0, 1, 3, 5, 6);
  /** The indexes of the messages over 64 KiB. */
  private static final List<Integer> OVERSIZED = List.of(2, 4);

  private PeerProcess peer;
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(BoundaryMessages::register).build();

  private Proc proc;

  @AfterEach
  void tearDown() throws Exception {
    if (peer != null) {
      peer.close();
    }
  }

  private static Recorded report(ClientInstance client, ActorRef<RecorderMsg> recorder)
      throws Exception {
    OncePortReceiver<Recorded> reply = client.openOncePort(Recorded.class);
    recorder.send(client, new Report(reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  /** Asks {@code recorder} until it has recorded {@code count} blobs, within the timeout. */
  private static List<Integer> blobsRecorded(
      ClientInstance client, ActorRef<RecorderMsg> recorder, int count) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<Integer> blobs;
    do {
      blobs = report(client, recorder).blobs();
      if (blobs.size() >= count) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // Polling for the outcome.
    } while (System.nanoTime() < deadline);
    return blobs;
  }

  /**
   * Has the peer send {@link #SIZES} to {@code to}; returns the indexes that came back to it. The
   * peer's own limit refuses the large ones as they are sent, so its answer is complete.
   */
  private static List<Integer> peerSends(
      ClientInstance client, ActorRef<SendBlobs> requests, ActorRef<RecorderMsg> to)
      throws Exception {
    return requests.<List<Integer>>ask(client, reply -> new SendBlobs(to, SIZES, reply), TIMEOUT).get();
  }

  /** Sends a blob of each size to the peer and keeps what comes back. */
  static final class LocalBlobs implements Actor<Integer> {
    private final ActorRef<RecorderMsg> to;
    final LinkedBlockingQueue<Integer> returned = new LinkedBlockingQueue<>();

    LocalBlobs(ActorRef<RecorderMsg> to) {
      this.to = to;
    }

    @Override
    public void handle(Context<Integer> cx, Integer index) {
      byte[] data = new byte[SIZES.get(index)];
      data[0] = (byte) (int) index;
      to.send(cx, new Blob(index, data));
    }

    @Override
    public void handleUndeliverable(Instance<Integer> self, Undeliverable undeliverable) {
      assertThat(undeliverable.error().message()).contains("rejecting oversize frame");
      returned.add(((Blob) undeliverable.envelope().payload()).index());
    }
  }

  /** The next {@code n} indexes {@code blobs} got back, waiting for each within the timeout. */
  private static List<Integer> returned(LocalBlobs blobs, int n) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Integer index = blobs.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertWithMessage("return %s of %s", i, n).that(index).isNotNull();
      out.add(index);
    }
    return out;
  }

  @Test
  void oversizedMessagesComeBackAloneInBothDirections() throws Exception {
    peer =
        PeerProcess.start(
            BoundaryPeerMain.class,
            ImmutableMap.of("HYPERACTOR_CODEC_MAX_FRAME_LENGTH", Integer.toString(64 * KIB)));
    try (ScopedOverride limit =
        kit.system().config()
            .override(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 16L * MIB)) {
      proc = kit.system().directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "large");
      ActorRef<RecorderMsg> peerRecorder = ActorRef.attest(peer.procId().actorId("recorder"));
      ActorRef<SendBlobs> peerRequests = ActorRef.attest(peer.procId().actorId("requests"));
      ActorRef<RecorderMsg> localRecorder = proc.spawn("recorder", new Recorder()).bind();
      LocalBlobs localBlobs = new LocalBlobs(peerRecorder);
      ActorHandle<Integer> blobs = proc.spawn("blobs", localBlobs);
      try (ClientInstance client = proc.instance("client")) {
        // 16 MiB to 64 KiB: refused on the way by the peer's limit, which the link learns from
        // the peer's Accept.
        for (int i = 0; i < SIZES.size(); i++) {
          blobs.send(i);
        }
        List<Integer> up = blobsRecorded(client, peerRecorder, FITTING.size());
        List<Integer> upReturned = returned(localBlobs, OVERSIZED.size());
        // 64 KiB to 16 MiB: refused by the sending peer's own limit.
        List<Integer> downReturned = peerSends(client, peerRequests, localRecorder);
        List<Integer> down = blobsRecorded(client, localRecorder, FITTING.size());
        System.out.printf(
            "FrameLimitIT: 16 MiB -> 64 KiB delivered %s, returned %s; 64 KiB -> 16 MiB delivered"
                + " %s, returned %s%n",
            up, upReturned, down, downReturned);
        assertWithMessage("delivered to the 64 KiB peer").that(up).isEqualTo(FITTING);
        assertWithMessage("delivered to the 16 MiB side").that(down).isEqualTo(FITTING);
        assertWithMessage("returned to the 16 MiB sender").that(upReturned).isEqualTo(OVERSIZED);
        assertWithMessage("returned to the 64 KiB sender")
            .that(downReturned)
            .isEqualTo(OVERSIZED);
        // The links carry on: another round each way.
        for (int i = 0; i < SIZES.size(); i++) {
          blobs.send(i);
        }
        assertThat(returned(localBlobs, OVERSIZED.size())).isEqualTo(OVERSIZED);
        assertThat(peerSends(client, peerRequests, localRecorder)).isEqualTo(OVERSIZED);
        List<Integer> twice = new ArrayList<>(FITTING);
        twice.addAll(FITTING);
        assertThat(blobsRecorded(client, peerRecorder, twice.size())).isEqualTo(twice);
        assertThat(blobsRecorded(client, localRecorder, twice.size())).isEqualTo(twice);
        assertThat(localBlobs.returned).isEmpty();
        assertThat(peer.isAlive()).isTrue();
      }
    }
  }
}
