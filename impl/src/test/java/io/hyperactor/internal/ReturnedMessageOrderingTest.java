package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.SkipNotice;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message returned to its sender leaves no gap that holds back the sender's later messages at a
 * destination with the reorder buffer: two local procs joined by a forwarder the test controls,
 * which loses a message on the way and returns it later, as a link that timed out does.
 */
class ReturnedMessageOrderingTest {
  private static final Duration TIMEOUT = TestSupport.TIMEOUT;

  private final List<Proc> procs = new ArrayList<>();
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();
  private final RuntimeServices services = TestServices.create(config);

  @AfterEach
  void tearDown() {
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
    services.close();
  }

  /** Records each number it handles. */
  static final class Recorder implements Actor<Long> {
    final LinkedBlockingQueue<Long> handled = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<Long> cx, Long n) {
      handled.add(n);
    }
  }

  /**
   * The sender's way out: forwards to the destination proc, except for the messages {@link
   * #lose} names, which it keeps until the test returns them to their sender.
   */
  static final class LossyLink implements MailboxSender {
    final AtomicReference<Proc> destination = new AtomicReference<>();
    final List<MessageEnvelope> lost = new ArrayList<>();
    Predicate<Object> lose = payload -> false;

    @Override
    public synchronized void post(MessageEnvelope envelope) {
      if (lose.test(envelope.payload())) {
        lost.add(envelope);
      } else {
        destination.get().post(envelope);
      }
    }
  }

  private Proc proc(String name, MailboxSender forwarder) {
    Proc proc =
        Procs.configured(
            new ProcId(new ChannelAddr.Local(7000 + procs.size()), name),
            forwarder,
            services,
            code -> {
              throw new AssertionError(name + " asked to exit with code " + code);
            });
    procs.add(proc);
    return proc;
  }

  private record Setup(ProcImpl sender, Recorder recorder, ActorRef<Long> ref, LossyLink link) {}

  private Setup setup() {
    LossyLink link = new LossyLink();
    ProcImpl sender = (ProcImpl) proc("sender", link);
    Proc receiver = proc("receiver", sender::post);
    link.destination.set(receiver);
    Recorder recorder = new Recorder();
    ActorRef<Long> ref = receiver.spawn("recorder", recorder).bind();
    return new Setup(sender, recorder, ref, link);
  }

  /**
   * Returns what the link lost to its senders, as a link that gave up on it does: first a skip
   * notice in its place, unless {@code notify} is false (the notice was lost too).
   */
  private static void returnLost(Setup s, DeliveryError error, boolean notify) {
    List<MessageEnvelope> lost;
    synchronized (s.link()) {
      lost = List.copyOf(s.link().lost);
      s.link().lost.clear();
      s.link().lose = payload -> false;
    }
    for (MessageEnvelope e : lost) {
      if (notify) {
        SkipNotice.sendInPlaceOf(e, error.message(), s.sender());
      }
      s.sender().returnUndeliverable(e, error);
    }
  }

  private static List<Long> take(LinkedBlockingQueue<Long> queue, int n) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Long v = queue.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(v).isNotNull();
      out.add(v);
    }
    return out;
  }

  private static Undeliverable next(PortReceiver<Undeliverable> returned) throws Exception {
    return returned.recv(TIMEOUT);
  }

  @Test
  void aLinkThatReturnsAMessageFillsItsNumberAndTheMessagesAfterItAreDelivered()
      throws Exception {
    Setup s = setup();
    s.link().lose = payload -> payload.equals(3L);
    try (ClientInstance client = s.sender().instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      for (long n = 1; n <= 4; n++) {
        s.ref().send(client, n);
      }
      // 4 waits at the destination for 3, which the link has not given up on yet.
      assertThat(take(s.recorder().handled, 2)).containsExactly(1L, 2L).inOrder();
      returnLost(s, new DeliveryError(DeliveryError.Kind.TIMEOUT, "link timed out"), true);
      Undeliverable three = next(returned);
      assertThat(three.envelope().payload()).isEqualTo(3L);
      assertThat(three.error().kind()).isEqualTo(DeliveryError.Kind.TIMEOUT);
      assertThat(take(s.recorder().handled, 1)).containsExactly(4L);
      s.ref().send(client, 5L);
      assertThat(take(s.recorder().handled, 1)).containsExactly(5L);
      assertThat(returned.tryRecv()).isNull();
    }
  }

  @Test
  void aReturnWithoutANoticeStartsANewEpoch() throws Exception {
    Setup s = setup();
    s.link().lose = payload -> payload.equals(3L);
    try (ClientInstance client = s.sender().instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      for (long n = 1; n <= 4; n++) {
        s.ref().send(client, n);
      }
      assertThat(take(s.recorder().handled, 2)).containsExactly(1L, 2L).inOrder();
      // A router that could not dial fills no number.
      returnLost(
          s, new DeliveryError(DeliveryError.Kind.UNROUTABLE, "cannot dial destination"), false);
      Undeliverable three = next(returned);
      assertThat(three.envelope().payload()).isEqualTo(3L);
      assertThat(three.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
      // The next message starts a new epoch: the destination returns 4 rather than deliver it
      // after messages the sender posted later, and delivers the new epoch at once.
      s.ref().send(client, 5L);
      s.ref().send(client, 6L);
      Undeliverable four = next(returned);
      assertThat(four.envelope().payload()).isEqualTo(4L);
      assertThat(four.error().kind()).isEqualTo(DeliveryError.Kind.SEQUENCE_GAP);
      assertThat(take(s.recorder().handled, 2)).containsExactly(5L, 6L).inOrder();
      assertThat(returned.tryRecv()).isNull();
      assertThat(s.recorder().handled).isEmpty();
    }
  }

  @Test
  void aMessageHeldBehindAGapIsReturnedWhenNothingFollowsIt() throws Exception {
    // The bounded wait: twice the delivery timeout.
    try (ScopedOverride timeout =
        config.override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofMillis(100))) {
      Setup s = setup();
      s.link().lose = payload -> payload.equals(2L);
      try (ClientInstance client = s.sender().instance("client")) {
        PortReceiver<Undeliverable> returned = client.undeliverables();
        s.ref().send(client, 1L);
        s.ref().send(client, 2L);
        s.ref().send(client, 3L);
        assertThat(take(s.recorder().handled, 1)).containsExactly(1L);
        // The link gave up on 2, and its notice was lost as well.
        returnLost(s, new DeliveryError(DeliveryError.Kind.TIMEOUT, "link timed out"), false);
        assertThat(next(returned).envelope().payload()).isEqualTo(2L);
        // The sender sends nothing more; 3 must not wait for good.
        Undeliverable three = next(returned);
        assertThat(three.envelope().payload()).isEqualTo(3L);
        assertThat(three.error().kind()).isEqualTo(DeliveryError.Kind.SEQUENCE_GAP);
        assertThat(three.error().message()).contains("which never arrived");
        s.ref().send(client, 4L);
        assertThat(take(s.recorder().handled, 1)).containsExactly(4L);
      }
    }
  }

  @Test
  void anActorThatSendsGetsItsStreamThroughAfterAReturn() throws Exception {
    Setup s = setup();
    s.link().lose = payload -> payload.equals(2L);
    LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Long> sent = new LinkedBlockingQueue<>();
    Actor<Long> streamer =
        new Actor<>() {
          @Override
          public void handle(Context<Long> cx, Long n) {
            s.ref().send(cx, n);
            sent.add(n);
          }

          @Override
          public void handleUndeliverable(
              io.hyperactor.Instance<Long> self, Undeliverable undeliverable) {
            returned.add(undeliverable);
          }
        };
    var handle = s.sender().spawn("streamer", streamer);
    for (long n = 1; n <= 3; n++) {
      handle.send(n);
    }
    assertThat(take(sent, 3)).containsExactly(1L, 2L, 3L).inOrder();
    assertThat(take(s.recorder().handled, 1)).containsExactly(1L);
    returnLost(s, new DeliveryError(DeliveryError.Kind.BROKEN_LINK, "link closed"), true);
    assertThat(returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS).envelope().payload())
        .isEqualTo(2L);
    for (long n = 4; n <= 6; n++) {
      handle.send(n);
    }
    assertThat(take(s.recorder().handled, 4)).containsExactly(3L, 4L, 5L, 6L).inOrder();
    assertThat(returned).isEmpty();
    ActorId streamerId = handle.actorId();
    assertThat(s.sender().getInstance(streamerId).orElseThrow().status().isTerminal()).isFalse();
  }
}
