package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ActorLocal;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.internal.TestSupport.Coordinator;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.supervision.ActorStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Ordering, undeliverable returns, ports, actor-local storage and metrics. */
@Timeout(60)
@ResourceLock(HyperactorConfig.GLOBAL_RESOURCE_LOCK)
class ProcMessagingTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void reorderBufferReleasesInSequenceAndDropsDuplicates() {
    ActorId owner = proc().instance("owner").selfId();
    OwnedReorderBuffer buffer = new OwnedReorderBuffer(owner);
    UUID session = UUID.randomUUID();
    List<Object> out = new ArrayList<>();
    ReorderBuffer.Released collect = (item, sender) -> out.add(item);
    buffer.accept(new SeqInfo.Session(session, 3), "c", null, collect);
    buffer.accept(new SeqInfo.Session(session, 2), "b", null, collect);
    assertThat(out).isEmpty();
    buffer.accept(new SeqInfo.Session(session, 1), "a", null, collect);
    buffer.accept(new SeqInfo.Session(session, 2), "dup", null, collect);
    buffer.accept(new SeqInfo.Session(UUID.randomUUID(), 1), "other", null, collect);
    assertThat(out).containsExactly("a", "b", "c", "other").inOrder();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> buffer.accept(new SeqInfo.Session(session, 0), "zero", null, collect));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("in enqueue func for " + owner + ", got seq 0 for message type java.lang.String");
  }

  @Test
  void sequencerNumbersPerDestinationActorAndPerDynamicPort() {
    ActorId dest = proc().instance("dest").selfId();
    Sequencer seq = new Sequencer(UUID.randomUUID());
    assertThat(seq.assign(dest.portId(PortId.HANDLER_INDEX))).isEqualTo(
        new SeqInfo.Session(seq.session(), 1));
    assertThat(((SeqInfo.Session) seq.assign(dest.portId(PortId.SIGNAL_INDEX))).seq()).isEqualTo(2);
    assertThat(((SeqInfo.Session) seq.assign(dest.portId(2000))).seq()).isEqualTo(1);
    assertThat(((SeqInfo.Session) seq.assign(dest.portId(2000))).seq()).isEqualTo(2);
  }

  /** Collects the text messages it handles. */
  static final class Collector implements Actor<String> {
    final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<String> cx, String m) {
      seen.add(m);
    }
  }

  @SuppressWarnings("try") // the scope is the point
  private static List<String> deliverOutOfOrder(boolean buffering) throws Exception {
    try (ScopedOverride o =
        HyperactorConfig.global()
            .override(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER, buffering)) {
      Proc proc = proc();
      ClientInstance client = proc.instance("client");
      Collector collector = new Collector();
      ActorHandle<String> handle = proc.spawn("collector", collector);
      UUID session = UUID.randomUUID();
      for (int seq : new int[] {2, 3, 1}) {
        proc.post(
            MessageEnvelope.of(
                client.selfId(),
                handle.actorId().portId(PortId.HANDLER_INDEX),
                "m" + seq,
                new SeqInfo.Session(session, seq),
                64));
      }
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        got.add(collector.seen.poll(30, TimeUnit.SECONDS));
      }
      return got;
    }
  }

  @Test
  void reorderingBufferRestoresPerSenderOrderWhenEnabled() throws Exception {
    assertThat(deliverOutOfOrder(true)).containsExactly("m1", "m2", "m3").inOrder();
    assertThat(deliverOutOfOrder(false)).containsExactly("m2", "m3", "m1").inOrder();
  }

  /** Sends text to the given actor through a ref; records or fails on bounces. */
  static final class Sender implements Actor<ActorId> {
    final boolean handleBounces;
    final LinkedBlockingQueue<Undeliverable> bounced = new LinkedBlockingQueue<>();

    Sender(boolean handleBounces) {
      this.handleBounces = handleBounces;
    }

    @Override
    public void handle(Context<ActorId> cx, ActorId target) {
      ActorRef.<String>attest(target).send(cx, "hello");
    }

    @Override
    public void handleUndeliverable(Instance<ActorId> self, Undeliverable u) throws Exception {
      if (!handleBounces) {
        Actor.super.handleUndeliverable(self, u);
      }
      bounced.add(u);
    }
  }

  @Test
  void undeliverableMessageFailsTheSenderByDefault() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<ActorId> sender = proc.spawn("sender", new Sender(false));
    ActorId nobody = new ActorId(proc.procId(), "nobody", 0);
    sender.send(nobody);
    ActorStatus status = await(sender);
    assertThat(status.toString())
        .isEqualTo(
            "failed: message to "
                + nobody.portId(PortId.HANDLER_INDEX)
                + " was undeliverable: unroutable: no mailbox for actor "
                + nobody
                + " registered in muxer");
  }

  @Test
  void undeliverableReasonsNameTheDestination() throws Exception {
    Proc proc = proc();
    Sender actor = new Sender(true);
    ActorHandle<ActorId> sender = proc.spawn("sender", actor);

    ActorHandle<Msg> stopped = proc.spawn("stopped", new TestActor());
    stopped.drainAndStop("done");
    await(stopped);
    sender.send(stopped.actorId());
    Undeliverable u = actor.bounced.poll(30, TimeUnit.SECONDS);
    assertThat(u.error())
        .isEqualTo(
            new DeliveryError(
                DeliveryError.Kind.MAILBOX,
                "mailbox owner " + stopped.actorId() + " is stopped: done"));

    ActorId remote =
        new ActorId(new ProcId(ChannelAddr.parse("tcp:127.0.0.1:9"), "far"), "actor", 0);
    sender.send(remote);
    u = actor.bounced.poll(30, TimeUnit.SECONDS);
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
    assertThat(u.error().message()).contains("is local-only and cannot reach " + remote.procId());
    assertThat(u.envelope().dest()).isEqualTo(remote.portId(PortId.HANDLER_INDEX));
    assertThat(sender.status().isTerminal()).isFalse();
  }

  @Test
  void closedAndUsedPortsRejectSends() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    PortReceiver<String> port = client.openPort();
    port.handle().send("one");
    assertThat(port.recv(TIMEOUT)).isEqualTo("one");
    port.close();
    MailboxSenderException e =
        assertThrows(MailboxSenderException.class, () -> port.handle().send("two"));
    assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.PORT_CLOSED);
    assertThat(e).hasMessageThat().contains("is closed");

    OncePortReceiver<String> once = client.openOncePort();
    once.handle().send("only");
    e = assertThrows(MailboxSenderException.class, () -> once.handle().send("again"));
    assertThat(e).hasMessageThat().contains("has already been used");
    assertThat(once.recv(TIMEOUT)).isEqualTo("only");
  }

  private static final ActorLocal<AtomicInteger> SEEN = ActorLocal.withInitial(AtomicInteger::new);

  /** Counts messages in actor-local storage and reports the count. */
  static final class LocalCounter implements Actor<OncePortHandle<Integer>> {
    @Override
    public void handle(Context<OncePortHandle<Integer>> cx, OncePortHandle<Integer> reply) {
      reply.send(SEEN.get(cx).incrementAndGet());
    }
  }

  @Test
  void actorLocalStorageIsPerInstance() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<OncePortHandle<Integer>> a = proc.spawn("a", new LocalCounter());
    ActorHandle<OncePortHandle<Integer>> b = proc.spawn("b", new LocalCounter());
    assertThat(ask(client, a)).isEqualTo(1);
    assertThat(ask(client, a)).isEqualTo(2);
    assertThat(ask(client, b)).isEqualTo(1);
    assertThat(client.locals().peek(SEEN)).isEmpty();
  }

  private static int ask(ClientInstance client, ActorHandle<OncePortHandle<Integer>> actor)
      throws Exception {
    OncePortReceiver<Integer> reply = client.openOncePort();
    actor.send(reply.handle());
    return reply.recv(TIMEOUT);
  }

  @Test
  void metricsCountMessagesAndMeasureHandlers() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> handle = proc.spawn("measured", new TestActor());
    for (int i = 0; i < 5; i++) {
      assertThat(TestActor.reply(client, handle)).isTrue();
    }
    handle.drainAndStop("done");
    await(handle);
    assertThat(handle.cell().metrics().messagesReceived()).isEqualTo(5);
    assertThat(handle.cell().metrics().queueSize()).isEqualTo(0);
    assertThat(handle.cell().metrics().handlerCount()).isEqualTo(5);
    assertThat(handle.cell().metrics().handlerTotalNanos()).isGreaterThan(0);
    assertThat(handle.cell().metrics().handlerMaxNanos()).isGreaterThan(0);
    assertThat(handle.cell().metrics().handlerTotalNanos())
        .isAtLeast(handle.cell().metrics().handlerMaxNanos());
    assertThat(handle.cell().numProcessedMessages()).isEqualTo(5);
    assertThat(handle.cell().lastMessageHandler().orElseThrow().arm()).isEqualTo("Reply");
  }

  @Test
  void metricsOfAnActorThatHandledOneMessage() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> handle = proc.spawn("measured-once", new TestActor());
    assertThat(TestActor.reply(client, handle)).isTrue();
    handle.drainAndStop("done");
    await(handle);
    assertThat(handle.cell().metrics().messagesReceived()).isEqualTo(1);
    assertThat(handle.cell().metrics().handlerCount()).isEqualTo(1);
    assertThat(handle.cell().numProcessedMessages()).isEqualTo(1);
    // One handler ran: its time is both the total and the maximum.
    assertThat(handle.cell().metrics().handlerTotalNanos()).isGreaterThan(0);
    assertThat(handle.cell().metrics().handlerMaxNanos())
        .isEqualTo(handle.cell().metrics().handlerTotalNanos());
    assertThat(handle.cell().lastHandlerAt()).isPresent();
    assertThat(handle.cell().lastMessageHandler().orElseThrow().arm()).isEqualTo("Reply");
  }

  @Test
  void shortHandlersTimedTogetherAreCountedOneByOneAndASlowOneStillShowsInTheMaximum()
      throws Exception {
    Proc proc = proc();
    ActorHandle<Integer> handle = proc.spawn("sleeper", new Sleeper());
    // Runs of short handlers share clock readings; each handler is still counted.
    for (int i = 0; i < 10_000; i++) {
      handle.send(0);
    }
    handle.send(30);
    for (int i = 0; i < 100; i++) {
      handle.send(0);
    }
    handle.drainAndStop("done");
    await(handle);
    long slow = TimeUnit.MILLISECONDS.toNanos(30);
    // Drained handlers included (upstream's processed count leaves the drain out).
    assertThat(handle.cell().metrics().handlerCount()).isEqualTo(10_101);
    assertThat(handle.cell().metrics().messagesReceived()).isEqualTo(10_101);
    assertThat(handle.cell().metrics().handlerMaxNanos()).isAtLeast(slow);
    assertThat(handle.cell().metrics().handlerTotalNanos())
        .isAtLeast(handle.cell().metrics().handlerMaxNanos());
  }

  /** Sleeps for the milliseconds it is sent; 0 returns at once. */
  private static final class Sleeper implements Actor<Integer> {
    @Override
    public void handle(Context<Integer> cx, Integer millis) throws InterruptedException {
      if (millis > 0) {
        Thread.sleep(millis);
      }
    }

    @Override
    public Class<?> messageType() {
      return Integer.class;
    }
  }

  @Test
  void aRunningHandlersStatusGivesItsOwnStart() throws Exception {
    Proc proc = proc();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ActorHandle<Integer> handle = proc.spawn("blocked", new Blocker(release, finish));
    handle.send(1);
    handle.send(2);
    Instant before = Instant.now();
    // The second message's handler starts after this point: the status's start is its own,
    // never a placeholder, seen by a waiter as by a reader.
    release.countDown();
    ActorStatus seen =
        handle
            .cell()
            .awaitStatus(
                s ->
                    s instanceof ActorStatus.Processing p
                        && !p.since().isBefore(before.minusSeconds(1)),
                TIMEOUT);
    assertThat(((ActorStatus.Processing) seen).since()).isAtLeast(before.minusSeconds(1));
    assertThat(((ActorStatus.Processing) handle.cell().status()).since())
        .isAtLeast(before.minusSeconds(1));
    finish.countDown();
    handle.drainAndStop("done");
    await(handle);
  }

  /** Waits for {@code release} in its first handler, and for {@code finish} in its second. */
  private static final class Blocker implements Actor<Integer> {
    private final CountDownLatch release;
    private final CountDownLatch finish;

    Blocker(CountDownLatch release, CountDownLatch finish) {
      this.release = release;
      this.finish = finish;
    }

    @Override
    public void handle(Context<Integer> cx, Integer n) throws InterruptedException {
      (n == 1 ? release : finish).await();
    }

    @Override
    public Class<?> messageType() {
      return Integer.class;
    }
  }
}
