package io.hyperactor.it;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.it.BoundaryMessages.Item;
import io.hyperactor.it.BoundaryMessages.Recorded;
import io.hyperactor.it.BoundaryMessages.RecorderMsg;
import io.hyperactor.it.BoundaryMessages.Report;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the default configuration (the destination's reorder buffer on), a stream of 1,000
 * messages a second to an actor in another JVM survives that JVM being paused with SIGSTOP for
 * longer than {@code message_delivery_timeout}: every message is delivered in order or returned
 * to its sender, and every message sent after the resume is delivered. Once from an actor that
 * holds the stream, once from a client instance.
 */
class PausedPeerOrderingIT {
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
  // Longer than two delivery timeouts: the sender's link to the peer times out twice, so its
  // sequence restarts twice while the peer sleeps.
  private static final Duration PAUSE = Duration.ofSeconds(7);
  private static final Duration BEFORE = Duration.ofSeconds(1);
  private static final Duration AFTER = Duration.ofSeconds(3);
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final List<AutoCloseable> resources = new ArrayList<>();
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder().codecs(BoundaryMessages::register).build();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  /** Forwards each number to the peer's recorder and keeps what comes back. */
  static final class Streamer implements Actor<Long> {
    private final ActorRef<RecorderMsg> to;
    final ConcurrentLinkedQueue<Undeliverable> returned = new ConcurrentLinkedQueue<>();

    Streamer(ActorRef<RecorderMsg> to) {
      this.to = to;
    }

    @Override
    public void handle(Context<Long> cx, Long n) {
      to.send(cx, new Item(n));
    }

    @Override
    public void handleUndeliverable(Instance<Long> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  private PeerProcess peer() throws Exception {
    PeerProcess peer =
        PeerProcess.start(
            BoundaryPeerMain.class,
            ImmutableMap.of(
                "HYPERACTOR_MESSAGE_DELIVERY_TIMEOUT", DELIVERY_TIMEOUT.toSeconds() + "s"));
    resources.add(peer);
    return peer;
  }

  private Proc localProc() {
    return kit.system().directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "sender");
  }

  private static void signal(PeerProcess peer, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(peer.pid()))
            .redirectErrorStream(true)
            .start();
    assertWithMessage("kill -%s %s", signal, peer.pid())
        .that(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .isTrue();
  }

  /** What a run produced. */
  private record Run(long sent, long resumedAt, List<Long> delivered, Set<Long> returned) {}

  /**
   * Streams numbers through {@code send} at one a millisecond for {@link #BEFORE}, while the peer
   * is paused for {@link #PAUSE}, and for {@link #AFTER} once it resumed; then waits until every
   * number is delivered or returned, and checks the outcome.
   */
  private Run stream(
      PeerProcess peer,
      ClientInstance client,
      ActorRef<RecorderMsg> recorder,
      LongConsumer send,
      Supplier<@Nullable Undeliverable> nextReturned)
      throws Exception {
    // The link to the peer is up before the stream starts: a round trip.
    assertThat(report(client, recorder).items()).isEmpty();
    long n = 0;
    long resumedAt;
    boolean paused = false;
    try {
      n = streamFor(send, n, BEFORE);
      signal(peer, "STOP");
      paused = true;
      n = streamFor(send, n, PAUSE);
      signal(peer, "CONT");
      paused = false;
      resumedAt = n;
      n = streamFor(send, n, AFTER);
    } finally {
      if (paused) {
        signal(peer, "CONT");
      }
    }
    long sent = n;
    // Settle: every message is delivered or returned, within a generous bound.
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Set<Long> back = new HashSet<>();
    Map<DeliveryError.Kind, Integer> kinds = new EnumMap<>(DeliveryError.Kind.class);
    List<Long> delivered;
    while (true) {
      Undeliverable u;
      while ((u = nextReturned.get()) != null) {
        back.add(((Item) u.envelope().payload()).n());
        kinds.merge(u.error().kind(), 1, Integer::sum);
      }
      delivered = report(client, recorder).items();
      Set<Long> accounted = new HashSet<>(delivered);
      accounted.addAll(back);
      if (accounted.size() == sent || System.nanoTime() > deadline) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // Polling for the outcome.
    }
    Set<Long> both = new HashSet<>(delivered);
    both.retainAll(back);
    // A message returned after the delivery timeout may still have reached the peer (taken
    // before the pause, its acknowledgement unsent): both outcomes are reported for it.
    long bothAfterResume = both.stream().filter(m -> m >= resumedAt).count();
    System.out.printf(
        "%s: sent %d, delivered %d, returned %d %s, both %d (%d of them sent after the resume),"
            + " sent after the resume %d%n",
        getClass().getSimpleName(),
        sent,
        delivered.size(),
        back.size(),
        kinds,
        both.size(),
        bothAfterResume,
        sent - resumedAt);
    return new Run(sent, resumedAt, delivered, back);
  }

  private static long streamFor(LongConsumer send, long from, Duration duration) {
    long n = from;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      send.accept(n++);
      long next = start + (n - from) * PERIOD_NANOS;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // Paces the stream at one message a millisecond.
      }
    }
    return n;
  }

  private static Recorded report(ClientInstance client, ActorRef<RecorderMsg> recorder)
      throws Exception {
    OncePortReceiver<Recorded> reply = client.openOncePort(Recorded.class);
    recorder.send(client, new Report(reply.handle().bind()));
    return reply.recv(SETTLE);
  }

  private static void check(Run run) {
    List<Long> delivered = run.delivered();
    for (int i = 1; i < delivered.size(); i++) {
      assertWithMessage("delivered out of order at position %s", i)
          .that(delivered.get(i))
          .isGreaterThan(delivered.get(i - 1));
    }
    Set<Long> deliveredSet = new HashSet<>(delivered);
    List<Long> lost = new ArrayList<>();
    List<Long> lostAfterResume = new ArrayList<>();
    for (long n = 0; n < run.sent(); n++) {
      if (!deliveredSet.contains(n) && !run.returned().contains(n)) {
        lost.add(n);
      }
      if (n >= run.resumedAt() && !deliveredSet.contains(n)) {
        lostAfterResume.add(n);
      }
    }
    assertWithMessage("%s messages neither delivered nor returned, from", lost.size())
        .that(lost.subList(0, Math.min(10, lost.size())))
        .isEmpty();
    assertWithMessage(
            "%s of the messages sent after the resume (from %s) not delivered, from",
            lostAfterResume.size(),
            run.resumedAt())
        .that(lostAfterResume.subList(0, Math.min(10, lostAfterResume.size())))
        .isEmpty();
    // The pause really cost messages, which came back to their sender.
    assertThat(run.returned()).isNotEmpty();
  }

  @Test
  void anActorsStreamSurvivesAPausedPeer() throws Exception {
    PeerProcess peer = peer();
    ActorRef<RecorderMsg> recorder = ActorRef.attest(peer.procId().actorId("recorder"));
    try (ScopedOverride timeout =
        kit.system().config()
            .override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, DELIVERY_TIMEOUT)) {
      Proc proc = localProc();
      Streamer streamer = new Streamer(recorder);
      ActorHandle<Long> handle = proc.spawn("streamer", streamer);
      try (ClientInstance client = proc.instance("client")) {
        check(stream(peer, client, recorder, handle::send, streamer.returned::poll));
      }
      assertThat(handle.cell().status().isTerminal()).isFalse();
    }
  }

  @Test
  void aClientsStreamSurvivesAPausedPeer() throws Exception {
    PeerProcess peer = peer();
    ActorRef<RecorderMsg> recorder = ActorRef.attest(peer.procId().actorId("recorder"));
    try (ScopedOverride timeout =
        kit.system().config()
            .override(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, DELIVERY_TIMEOUT)) {
      Proc proc = localProc();
      try (ClientInstance client = proc.instance("client");
          ClientInstance sender = proc.instance("sender")) {
        PortReceiver<Undeliverable> returns = sender.undeliverables();
        check(
            stream(
                peer,
                client,
                recorder,
                n -> recorder.send(sender, new Item(n)),
                returns::tryRecv));
      }
    }
  }
}
