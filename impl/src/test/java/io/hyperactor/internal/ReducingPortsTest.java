package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.AccumPortReceiver;
import io.hyperactor.ClientInstance;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.SplitPortOptions;
import io.hyperactor.Undeliverable;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerRegistry;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.mesh.accum.Reducers;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Accumulating, reducing and split ports: the upstream {@code mailbox.rs} tests {@code
 * test_mailbox_accum}, {@code test_split_port_*} and {@code test_open_reduce_port*}.
 *
 * <p>Local delivery is synchronous, so once a post returns, whatever it passes on is already queued
 * at the receiver; "nothing more arrives" is then checked with {@code tryRecv} and, for timed
 * flushes, with a {@link ManualScheduler} that shows no flush is pending.
 */
class ReducingPortsTest {
  private final List<Proc> procs = new ArrayList<>();

  private final List<RuntimeServices> services = new ArrayList<>();

  @AfterEach
  void destroyProcs() {
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
    services.forEach(RuntimeServices::close);
  }

  private Proc proc(long maxBufferSize) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE, maxBufferSize);
    RuntimeServices procServices = TestServices.create(config);
    services.add(procServices);
    Proc proc = Procs.local(procServices, "local", TestServices.NO_EXIT);
    procs.add(proc);
    return proc;
  }

  private Proc proc() {
    return proc(HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE.defaultValue());
  }

  /** A port of actor0, split twice on actor1, the second split split again. */
  private record Setup(
      PortReceiver<Long> receiver,
      ClientInstance actor0,
      ClientInstance actor1,
      PortId portId,
      PortId portId1,
      PortId portId2,
      PortId portId21) {}

  private Setup setup(Proc proc, SplitPortOptions options) {
    return setup(proc, (actor, parent) -> actor.splitPort(parent, options));
  }

  private Setup setup(Proc proc, SplitPortOptions options, SplitPorts.Settings settings) {
    return setup(
        proc, (actor, parent) -> SplitPorts.open(mailbox(actor), parent, options, settings));
  }

  private interface Splitter {
    PortId split(ClientInstance actor, PortId parent);
  }

  private static Setup setup(Proc proc, Splitter splitter) {
    ClientInstance actor0 = proc.instance("actor0");
    ClientInstance actor1 = proc.instance("actor1");
    PortReceiver<Long> receiver = actor0.openPort();
    PortId portId = receiver.handle().portId();
    PortId portId1 = splitter.split(actor1, portId);
    PortId portId2 = splitter.split(actor1, portId);
    PortId portId21 = splitter.split(actor1, portId2);
    return new Setup(receiver, actor0, actor1, portId, portId1, portId2, portId21);
  }

  private static MailboxImpl mailbox(Instance<?> instance) {
    return ((AbstractInstance<?>) instance).cell;
  }

  private static SplitPorts.Settings settings(long maxBufferSize, DelayScheduler scheduler) {
    return new SplitPorts.Settings(
        ReducerRegistry.builtins(), scheduler, maxBufferSize, Duration.ofMillis(50));
  }

  /** Replaces {@code instance}'s undeliverable port (a client's only logs) with a receiver. */
  private static PortReceiver<Undeliverable> captureUndeliverables(Instance<?> instance) {
    MailboxImpl mailbox = mailbox(instance);
    mailbox.unbind(PortId.UNDELIVERABLE_INDEX);
    PortReceiverImpl<Undeliverable> r = new PortReceiverImpl<>(mailbox, PortId.UNDELIVERABLE_INDEX);
    mailbox.bind(PortId.UNDELIVERABLE_INDEX, r);
    return r;
  }

  private static List<Long> receive(PortReceiver<Long> receiver, int n) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(receiver.recv(TIMEOUT));
    }
    return out;
  }

  @Test
  void testMailboxAccum() throws Exception {
    ClientInstance client = proc().instance("client");
    AccumPortReceiver<Long, Long> port = client.openAccumPort(Accumulators.max());
    for (long i = -3; i < 4; i++) {
      port.handle().send(client, i);
      assertThat(port.recv(TIMEOUT)).isEqualTo(i);
    }
    // A smaller or equal value still yields the previous max.
    for (long i = -3; i < 4; i++) {
      port.handle().send(client, i);
      assertThat(port.recv(TIMEOUT)).isEqualTo(3L);
    }
    port.handle().send(client, 4L);
    assertThat(port.recv(TIMEOUT)).isEqualTo(4L);

    // Several updates before a receive: only the final state is received.
    for (long i = 5; i < 10; i++) {
      port.handle().send(client, i);
    }
    assertThat(port.recv(TIMEOUT)).isEqualTo(9L);
    assertThat(port.tryRecv()).isNull();
    port.handle().send(client, 1L);
    port.handle().send(client, 3L);
    port.handle().send(client, 2L);
    assertThat(port.recv(TIMEOUT)).isEqualTo(9L);
    assertThat(port.tryRecv()).isNull();
  }

  @Test
  void testMailboxAccumThroughBoundRef() throws Exception {
    ClientInstance client = proc().instance("client");
    ClientInstance sender = client.proc().instance("sender");
    AccumPortReceiver<Long, Long> port = client.openAccumPort(Accumulators.sum());
    PortRef<Long> ref = port.handle().bind();
    ref.send(sender, 2L);
    ref.send(sender, 5L);
    assertThat(port.recv(TIMEOUT)).isEqualTo(7L);
  }

  @Test
  void testAccumPortReturnsRefusedUpdatesToTheirSender() throws Exception {
    ClientInstance client = proc().instance("client");
    ClientInstance sender = client.proc().instance("sender");
    PortReceiver<Undeliverable> bounced = captureUndeliverables(sender);
    AccumPortReceiver<Long, Long> port = client.openAccumPort(Accumulators.sum());
    sender.post(port.handle().portId(), Long.MAX_VALUE);
    sender.post(port.handle().portId(), 1L);
    assertThat(port.recv(TIMEOUT)).isEqualTo(Long.MAX_VALUE);
    Undeliverable u = bounced.recv(TIMEOUT);
    assertThat(u.envelope().payload()).isEqualTo(1L);
    assertThat(u.error().message()).contains("could not apply 1: long overflow");
  }

  @Test
  void testPortAndReducer() {
    ClientInstance client = proc().instance("client");
    AccumPortReceiver<Long, Long> accum = client.openAccumPort(Accumulators.maxUnsigned());
    PortRef<Long> ref = accum.handle().bind();
    assertThat(ref.reducer()).hasValue(Reducers.MAX_UNSIGNED);
    assertThat(ref.streamingOpts()).isEqualTo(ReducerMode.streaming());

    ReducerMode.Streaming opts = ReducerMode.streaming(Duration.ofSeconds(1), Duration.ofMillis(5));
    assertThat(client.openAccumPort(Accumulators.sum(), opts).handle().bind().streamingOpts())
        .isEqualTo(opts);

    PortReceiver<Long> plain = client.openPort();
    assertThat(plain.handle().bind().reducer()).isEmpty();
  }

  @Test
  void testSplitPortIdNoReducer() throws Exception {
    Setup s = setup(proc(), SplitPortOptions.forwarding());
    s.actor0().post(s.portId(), 1L);
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(1L);
    s.actor1().post(s.portId1(), 2L);
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(2L);
    s.actor1().post(s.portId2(), 3L);
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(3L);
    s.actor1().post(s.portId21(), 4L);
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(4L);
    assertThat(s.receiver().tryRecv()).isNull();
  }

  @Test
  void testSplitPortIdSumReducer() throws Exception {
    Setup s = setup(proc(1), SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming()));
    s.actor0().post(s.portId(), 4L);
    s.actor1().post(s.portId1(), 2L);
    s.actor1().post(s.portId2(), 3L);
    s.actor1().post(s.portId21(), 1L);
    // A buffer of one passes every update on at once: nothing is combined.
    assertThat(receive(s.receiver(), 4)).containsExactly(4L, 2L, 3L, 1L).inOrder();
    assertThat(s.receiver().tryRecv()).isNull();
  }

  @Test
  void testSplitPortIdEveryNMessages() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    Duration tenMinutes = Duration.ofMinutes(10);
    Setup s =
        setup(
            proc(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming(tenMinutes, tenMinutes)),
            settings(HyperactorAttrs.SPLIT_MAX_BUFFER_SIZE.defaultValue(), scheduler));
    for (long msg : new long[] {1, 5, 3, 4, 2, 91, 92, 93, 94}) {
      s.actor1().post(s.portId1(), msg);
    }
    // The first five are reduced and passed on when the buffer of five fills.
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(15L);
    assertThat(s.receiver().tryRecv()).isNull();

    // The last four wait for the timer, armed ten minutes after the last update.
    assertThat(scheduler.pending()).isEqualTo(1);
    assertThat(scheduler.nextDelay()).isEqualTo(tenMinutes);
    scheduler.advance(tenMinutes.minusNanos(1));
    assertThat(s.receiver().tryRecv()).isNull();
    scheduler.advance(Duration.ofNanos(1));
    assertThat(s.receiver().tryRecv()).isEqualTo(91L + 92 + 93 + 94);
    assertThat(scheduler.pending()).isEqualTo(0);
  }

  @Test
  void testSplitPortTimeoutFlush() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    Duration fifty = Duration.ofMillis(50);
    Setup s =
        setup(
            proc(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming(fifty, fifty)),
            settings(100, scheduler));
    s.actor1().post(s.portId1(), 10L);
    s.actor1().post(s.portId1(), 20L);
    s.actor1().post(s.portId1(), 30L);

    // Accumulating for 50 ms after the last update.
    scheduler.advance(Duration.ofMillis(10));
    assertThat(s.receiver().tryRecv()).isNull();
    scheduler.advance(Duration.ofMillis(40));
    assertThat(s.receiver().tryRecv()).isEqualTo(60L);

    assertThat(s.receiver().tryRecv()).isNull();
    assertThat(scheduler.pending()).isEqualTo(0);
  }

  /** The same flush driven by the proc's own timer and {@code split_max_buffer_size}. */
  @Test
  void testSplitPortTimeoutFlushOnProcTimer() throws Exception {
    Duration fifty = Duration.ofMillis(50);
    Setup s =
        setup(
            proc(100),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming(fifty, fifty)));
    s.actor1().post(s.portId1(), 10L);
    s.actor1().post(s.portId1(), 20L);
    s.actor1().post(s.portId1(), 30L);
    assertThat(s.receiver().recv(TIMEOUT)).isEqualTo(60L);
    assertThat(s.receiver().tryRecv()).isNull();
  }

  @Test
  void testSplitPortTimeoutAndSizeFlush() throws Exception {
    ManualScheduler scheduler = new ManualScheduler();
    Duration fifty = Duration.ofMillis(50);
    Setup s =
        setup(
            proc(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming(fifty, fifty)),
            settings(3, scheduler));
    s.actor1().post(s.portId1(), 10L);
    s.actor1().post(s.portId1(), 20L);
    s.actor1().post(s.portId1(), 30L);
    s.actor1().post(s.portId1(), 40L);

    // Flushed at the third update.
    assertThat(s.receiver().tryRecv()).isEqualTo(60L);
    assertThat(s.receiver().tryRecv()).isNull();
    // The fourth after 50 ms.
    scheduler.advance(fifty);
    assertThat(s.receiver().tryRecv()).isEqualTo(40L);
    assertThat(s.receiver().tryRecv()).isNull();
    assertThat(scheduler.pending()).isEqualTo(0);
  }

  @Test
  void testSplitPortFlushIntervalBacksOff() {
    ManualScheduler scheduler = new ManualScheduler();
    Setup s =
        setup(
            proc(),
            SplitPortOptions.reducing(
                Reducers.SUM, ReducerMode.streaming(Duration.ofMillis(10), Duration.ofMillis(1))),
            settings(100, scheduler));
    // Every update re-arms the flush with the next interval: 1, 2, 4, 8, then the 10 ms maximum.
    long[] expectedMillis = {1, 2, 4, 8, 10, 10};
    for (long millis : expectedMillis) {
      s.actor1().post(s.portId1(), 1L);
      assertThat(scheduler.pending()).isEqualTo(1);
      assertThat(scheduler.nextDelay()).isEqualTo(Duration.ofMillis(millis));
    }
    scheduler.advance(Duration.ofMillis(10));
    assertThat(s.receiver().tryRecv()).isEqualTo(6L);
  }

  @Test
  void testSplitPortOnceModeBasic() throws Exception {
    Proc proc = proc();
    ClientInstance actor = proc.instance("actor");
    PortReceiver<Long> receiver = actor.openPort();
    PortId split =
        actor.splitPort(
            receiver.handle().portId(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.once(3)));
    actor.post(split, 10L);
    actor.post(split, 20L);
    assertThat(receiver.tryRecv()).isNull();
    actor.post(split, 30L);
    assertThat(receiver.recv(TIMEOUT)).isEqualTo(60L);
    assertThat(receiver.tryRecv()).isNull();
  }

  @Test
  void testSplitPortOnceModeTeardown() throws Exception {
    Proc proc = proc();
    ClientInstance actor = proc.instance("actor");
    PortReceiver<Undeliverable> undeliverables = captureUndeliverables(actor);
    PortReceiver<Long> receiver = actor.openPort();
    PortId split =
        actor.splitPort(
            receiver.handle().portId(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.once(3)));
    actor.post(split, 10L);
    actor.post(split, 20L);
    actor.post(split, 30L);
    assertThat(receiver.recv(TIMEOUT)).isEqualTo(60L);

    // The port is gone: a later message comes back to its sender.
    proc.post(MessageEnvelope.of(actor.selfId(), split, 100L, SeqInfo.DIRECT, 64));
    Undeliverable u = undeliverables.recv(TIMEOUT);
    assertThat(u.envelope().dest()).isEqualTo(split);
    assertThat(u.envelope().payload()).isEqualTo(100L);
    assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.UNROUTABLE);
    assertThat(receiver.tryRecv()).isNull();
  }

  @Test
  void testSplitPortOnceZeroRefusesEveryUpdate() throws Exception {
    ClientInstance actor = proc().instance("actor");
    PortReceiver<Undeliverable> undeliverables = captureUndeliverables(actor);
    PortReceiver<Long> receiver = actor.openPort();
    PortId split =
        actor.splitPort(
            receiver.handle().portId(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.once(0)));
    actor.post(split, 1L);
    Undeliverable u = undeliverables.recv(TIMEOUT);
    assertThat(u.error().message()).contains("once(0)");
    assertThat(receiver.tryRecv()).isNull();
  }

  @Test
  void testSplitPortReturnsUpdatesItCannotReduce() throws Exception {
    ClientInstance actor = proc().instance("actor");
    PortReceiver<Undeliverable> undeliverables = captureUndeliverables(actor);
    PortReceiver<Long> receiver = actor.openPort();
    PortId split =
        actor.splitPort(
            receiver.handle().portId(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.once(2)));
    actor.post(split, 1L);
    actor.post(split, "two");
    Undeliverable u = undeliverables.recv(TIMEOUT);
    assertThat(u.envelope().payload()).isEqualTo("two");
    assertThat(u.error().message())
        .contains("reducer 'hyperactor.accum.sum_i64' reduces java.lang.Long updates");
    // The refused update does not count: the next good one completes the reduction.
    actor.post(split, 2L);
    assertThat(receiver.recv(TIMEOUT)).isEqualTo(3L);
  }

  @Test
  void testSplitPortRefusesUnknownReducer() {
    ClientInstance actor = proc().instance("actor");
    PortReceiver<Long> receiver = actor.openPort();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                actor.splitPort(
                    receiver.handle().portId(),
                    SplitPortOptions.reducing(new ReducerSpec("nope"), ReducerMode.once(1))));
    assertThat(e).hasMessageThat().contains("unknown reducer 'nope'");
  }

  @Test
  void testOpenReducePort() throws Exception {
    ClientInstance client = proc().instance("client");
    OncePortReceiver<Long> receiver = client.openReducePort(Accumulators.sum());
    OncePortRef<Long> ref = receiver.handle().bind();
    assertThat(ref.reducer()).hasValue(Reducers.SUM);
    ref.send(client, 42L);
    assertThat(receiver.recv(TIMEOUT)).isEqualTo(42L);
  }

  @Test
  void testOpenReducePortReducerSpecPreserved() {
    ClientInstance client = proc().instance("client");
    OncePortRef<Long> sum = client.openReducePort(Accumulators.sum()).handle().bind();
    OncePortRef<Long> max = client.openReducePort(Accumulators.max()).handle().bind();
    assertThat(sum.reducer()).hasValue(Reducers.SUM);
    assertThat(max.reducer()).hasValue(Reducers.MAX);
    assertThat(sum.reducerSpec()).isNotEqualTo(max.reducerSpec());
  }

  @Test
  void testOpenReducePortNeedsAReducer() {
    ClientInstance client = proc().instance("client");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.openReducePort(Accumulators.<Long, Long>of(0L, Long::sum)));
    assertThat(e).hasMessageThat().contains("names no reducer");
  }

  /** As a cast does: the reduce port is split once per destination, and one value arrives. */
  @Test
  void testOpenReducePortReducesRepliesThroughSplitPorts() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ClientInstance comm = proc.instance("comm");
    OncePortReceiver<Long> receiver = client.openReducePort(Accumulators.sum());
    OncePortRef<Long> ref = receiver.handle().bind();
    PortId split =
        comm.splitPort(
            ref.portId(),
            SplitPortOptions.reducing(ref.reducer().orElseThrow(), ReducerMode.once(3)));
    List<ClientInstance> replicas =
        List.of(proc.instance("r0"), proc.instance("r1"), proc.instance("r2"));
    for (int i = 0; i < replicas.size(); i++) {
      replicas.get(i).post(split, 10L * (i + 1));
    }
    assertThat(receiver.recv(TIMEOUT)).isEqualTo(60L);
  }

  @Test
  void testSplitPortFlushesPendingUpdatesWhenItsProcIsDestroyed() throws Exception {
    Proc proc = proc(100);
    ClientInstance actor = proc.instance("actor");
    PortReceiver<Long> receiver = actor.openPort();
    Duration tenMinutes = Duration.ofMinutes(10);
    PortId split =
        actor.splitPort(
            receiver.handle().portId(),
            SplitPortOptions.reducing(Reducers.SUM, ReducerMode.streaming(tenMinutes, tenMinutes)));
    actor.post(split, 4L);
    actor.post(split, 5L);
    assertThat(receiver.tryRecv()).isNull();
    proc.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    // Passed on at teardown, not ten minutes later.
    assertThat(receiver.tryRecv()).isEqualTo(9L);
    // Later updates find the timer shut down and are passed on at once.
    actor.post(split, 6L);
    assertThat(receiver.tryRecv()).isEqualTo(6L);
  }

  @Test
  void testSplitPortReturnUndeliverableFlag() throws Exception {
    ClientInstance actor = proc().instance("actor");
    PortReceiver<Undeliverable> undeliverables = captureUndeliverables(actor);
    PortReceiver<Long> receiver = actor.openPort();
    PortId parent = receiver.handle().portId();
    PortId returning = actor.splitPort(parent, SplitPortOptions.forwarding());
    PortId dropping =
        actor.splitPort(parent, SplitPortOptions.forwarding().withReturnUndeliverable(false));
    receiver.close();

    actor.post(dropping, 1L);
    actor.post(returning, 2L);
    Undeliverable u = undeliverables.recv(TIMEOUT);
    // Only the message through the returning split comes back, addressed to the parent.
    assertThat(u.envelope().payload()).isEqualTo(2L);
    assertThat(u.envelope().dest()).isEqualTo(parent);
    assertThat(undeliverables.tryRecv()).isNull();
  }
}
