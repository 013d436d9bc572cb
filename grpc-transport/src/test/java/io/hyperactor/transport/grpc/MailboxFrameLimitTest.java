package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An actor streams messages of mixed sizes to an actor on a proc whose frame limit is smaller than
 * its own: each oversized message comes back alone and once, and the ones before and after it
 * arrive in order through the destination's reorder buffer, which the refused messages' skip notices keep
 * from waiting.
 */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MailboxFrameLimitTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int KIB = 1024;
  private static final int MIB = 1024 * 1024;
  private static final int[] SIZES = {KIB, KIB, MIB, KIB, 8 * MIB, KIB, KIB};

  private final List<Proc> procs = new ArrayList<>();
  private final List<RuntimeServices> services = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
    services.forEach(RuntimeServices::close);
  }

  /** Records the first byte (the index) of each message. */
  static final class Recorder implements Actor<byte[]> {
    final LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<byte[]> cx, byte[] message) {
      received.add((int) message[0]);
    }
  }

  /** Sends a message of each size it is given to the recorder; records what comes back. */
  static final class Streamer implements Actor<Integer> {
    final ActorRef<byte[]> to;
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();

    Streamer(ActorRef<byte[]> to) {
      this.to = to;
    }

    @Override
    public void handle(Context<Integer> cx, Integer index) {
      byte[] m = new byte[SIZES[index]];
      m[0] = (byte) (int) index;
      to.send(cx, m);
    }

    @Override
    public void handleUndeliverable(Instance<Integer> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  private Proc direct(String name) {
    // Services of its own, reading the global configuration the test overrides: the two procs
    // meet over TCP only.
    RuntimeServices procServices =
        TestServices.create(HyperactorConfig.global(), CodecRegistry.builtins());
    services.add(procServices);
    Proc proc =
        Procs.direct(
            ChannelAddr.anyLocalhost(ChannelTransport.TCP),
            name,
            procServices,
            code -> {
              throw new AssertionError(name + " asked to exit with code " + code);
            });
    procs.add(proc);
    return proc;
  }

  @Test
  void oversizedMessagesComeBackAloneAndTheRestArriveInOrder() throws Exception {
    Proc small;
    // The receiving proc reads its limit when it starts serving.
    try (ScopedOverride limit =
        HyperactorConfig.global()
            .override(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, 64L * KIB)) {
      small = direct("small");
    }
    Recorder recorder = new Recorder();
    ActorRef<byte[]> ref = small.spawn("recorder", recorder).bind();
    Proc large = direct("large");
    Streamer streamer = new Streamer(ref);
    var handle = large.spawn("streamer", streamer);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < SIZES.length; i++) {
        handle.send(i);
      }
      List<Integer> received = new ArrayList<>();
      for (int i = 0; i < SIZES.length; i++) {
        if (SIZES[i] <= 64 * KIB) {
          received.add(recorder.received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
      }
      assertThat(received).containsExactly(0, 1, 3, 5, 6).inOrder();
      List<Integer> returned = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        Undeliverable u = streamer.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(u).isNotNull();
        assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.BROKEN_LINK);
        assertThat(u.error().message()).contains("rejecting oversize frame");
        returned.add((int) ((byte[]) u.envelope().payload())[0]);
      }
      // Each comes back once, but in no promised order: before the receiver states its limit, the
      // 1 MiB message is written and refused by the receiver, while the 8 MiB one may already be
      // refused by the sender, which learnt the limit in between.
      assertThat(returned).containsExactly(2, 4);
    }
    assertThat(streamer.returned).isEmpty();
    assertThat(recorder.received).isEmpty();
  }
}
