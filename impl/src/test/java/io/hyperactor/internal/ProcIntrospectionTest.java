package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;
import static io.hyperactor.internal.TestSupport.waitForTerminatedSnapshot;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.FlightRecorder;
import io.hyperactor.IntrospectMessage;
import io.hyperactor.IntrospectResult;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.RecordedEvent;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.internal.TestSupport.Coordinator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flight recorder, live payloads, terminated snapshots and the introspection port. */
@Timeout(60)
class ProcIntrospectionTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  /** Logs what it is sent into its flight recorder. */
  static final class LoggingActor implements Actor<LoggingActor.Log> {
    sealed interface Log permits Text, Number, InSpan {}

    record Text(String text) implements Log {}

    record Number(long number) implements Log {}

    record InSpan(CountDownLatch entered, CountDownLatch release) implements Log {}

    @Override
    @SuppressWarnings("try") // the scope is the point
    public void handle(Context<Log> cx, Log m) throws Exception {
      switch (m) {
        case Text t -> cx.recorder().event(t.text());
        case Number n -> cx.recorder().event(Map.of("number", n.number()));
        case InSpan s -> {
          try (FlightRecorder.Span span = cx.recorder().span("child_span")) {
            s.entered().countDown();
            s.release().await();
          }
        }
      }
    }
  }

  @Test
  void testHandlerLogging() throws Exception {
    Proc proc = proc();
    ActorHandle<LoggingActor.Log> handle = proc.spawn("logger", new LoggingActor());
    handle.send(new LoggingActor.Text("hello world"));
    handle.send(new LoggingActor.Text("hello world again"));
    handle.send(new LoggingActor.Number(123));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    handle.send(new LoggingActor.InSpan(entered, release));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

    FlightRecorder recording = handle.cell().recorder();
    List<RecordedEvent> tail = recording.tail();
    assertThat(tail.stream().map(RecordedEvent::fields).toList())
        .containsExactly(
            ImmutableMap.of("message", "hello world"),
            ImmutableMap.of("message", "hello world again"),
            ImmutableMap.of("number", "123"))
        .inOrder();
    assertThat(recording.stacks()).containsExactly(ImmutableList.of("child_span"));
    release.countDown();
    handle.drainAndStop("done");
    await(handle);
    assertThat(recording.stacks()).isEmpty();
  }

  @Test
  void thePayloadSaysWhenTheLastHandlerReturned() throws Exception {
    ActorHandle<LoggingActor.Log> handle = proc().spawn("logger", new LoggingActor());
    Instant before = Instant.now();
    handle.send(new LoggingActor.Text("hello"));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    handle.send(new LoggingActor.InSpan(entered, release));
    // The text's handler returned before this one started.
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    Instant after = Instant.now();
    Instant at =
        Instant.parse(
            Introspection.livePayload(handle.cell()).attrs().get("last_handler_at"));
    // Converted from the monotonic clock: allow the wall clock's own granularity either side.
    assertThat(at).isAtLeast(before.minusMillis(5));
    assertThat(at).isAtMost(after.plusMillis(5));
    assertThat(handle.cell().lastHandlerAt()).isPresent();
    release.countDown();
    handle.drainAndStop("done");
    await(handle);
  }

  @Test
  void flightRecorderKeepsTheLast64Events() {
    FlightRecorderImpl recorder = new FlightRecorderImpl(proc().instance("x").selfId());
    for (int i = 0; i < 100; i++) {
      recorder.event("e" + i);
    }
    assertThat(recorder.tail()).hasSize(FlightRecorder.CAPACITY);
    assertThat(recorder.tail().get(0).fields()).containsEntry("message", "e36");
  }

  @Test
  void testTerminatedSnapshotStoredOnStop() throws Exception {
    Proc proc = proc();
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    assertThat(proc.terminatedSnapshot(handle.actorId())).isEmpty();
    assertThat(proc.allTerminatedActorIds()).doesNotContain(handle.actorId());
    handle.drainAndStop("done");
    await(handle);
    IntrospectResult snapshot = waitForTerminatedSnapshot(proc, handle.actorId());
    assertThat(snapshot.attrs().get("status")).startsWith("stopped");
    assertThat(proc.allTerminatedActorIds()).contains(handle.actorId());
    assertThat(proc.allActorIds()).doesNotContain(handle.actorId());
  }

  @Test
  void testTerminatedSnapshotStoredOnFailure() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Fail("boom"));
    await(handle);
    assertThat(waitForTerminatedSnapshot(proc, handle.actorId()).attrs().get("status"))
        .startsWith("failed");
  }

  @Test
  void testResolveActorRefNoneForTerminalActor() throws Exception {
    Proc proc = proc();
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    assertThat(proc.resolveActorRef(handle.bind(), TestActor.class)).isPresent();
    handle.drainAndStop("done");
    await(handle);
    assertThat(proc.resolveActorRef(handle.bind(), TestActor.class)).isEmpty();
    // The cell is still registered while the handle references it; resolution still refuses it.
    assertThat(proc.getInstance(handle.actorId())).isPresent();
  }

  @Test
  void testTerminatedSnapshotHasFailureInfo() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Fail("boom"));
    await(handle);
    IntrospectResult s = waitForTerminatedSnapshot(proc, handle.actorId());
    assertThat(s.attrs().get("status")).startsWith("failed");
    assertThat(s.attrs().get("failure_error_message")).contains("boom");
    assertThat(s.attrs().get("failure_root_cause_actor")).isEqualTo(handle.actorId().toString());
    assertThat(s.attrs().get("failure_is_propagated")).isEqualTo("false");
    assertThat(s.attrs()).containsKey("failure_occurred_at");
  }

  @Test
  void testPropagatedFailureInfo() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> parent = proc.spawn("parent", new TestActor());
    ActorHandle<Msg> child = TestActor.spawnChild(client, parent);
    child.send(new TestActor.Fail("child boom"));
    await(parent);
    IntrospectResult s = waitForTerminatedSnapshot(proc, parent.actorId());
    assertThat(s.attrs().get("failure_root_cause_actor")).isEqualTo(child.actorId().toString());
    assertThat(s.attrs().get("failure_is_propagated")).isEqualTo("true");
  }

  @Test
  void testStoppedSnapshotHasNoFailureInfo() throws Exception {
    Proc proc = proc();
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.drainAndStop("done");
    await(handle);
    IntrospectResult s = waitForTerminatedSnapshot(proc, handle.actorId());
    assertThat(s.attrs().get("status")).startsWith("stopped");
    assertThat(s.attrs()).doesNotContainKey("failure_error_message");
  }

  private static IntrospectResult query(
      ClientInstance from, io.hyperactor.id.ActorId target, IntrospectMessage.View view)
      throws Exception {
    OncePortReceiver<IntrospectResult> reply = from.openOncePort();
    from.post(
        target.portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.Query(view, reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  @Test
  void introspectableClientAnswersQueriesAndLeavesASnapshotWhenClosed() throws Exception {
    Proc proc = proc();
    ClientInstance asker = proc.instance("asker");
    ClientInstance client = proc.introspectableInstance("client");
    IntrospectResult live = query(asker, client.selfId(), IntrospectMessage.View.ACTOR);
    assertThat(live.attrs().get("status")).isEqualTo("client");
    assertThat(live.attrs().get("actor_type")).isEqualTo("()");
    client.close();
    IntrospectResult snapshot = waitForTerminatedSnapshot(proc, client.selfId());
    assertThat(snapshot.attrs().get("status")).isEqualTo("stopped");
    assertThat(snapshot.attrs().get("status_reason")).isEqualTo("instance is dropped");
  }

  @Test
  void unreachableClientInstanceIsClosedByTheCleaner() throws Exception {
    Proc proc = proc();
    io.hyperactor.ActorHandle<Void> handle = openAndDrop(proc);
    TestSupport.awaitCondition(
        () -> {
          System.gc();
          return handle.status().isTerminal();
        },
        "the dropped client instance to be closed");
    assertThat(await(handle)).isEqualTo(new io.hyperactor.supervision.ActorStatus.Stopped(
        "instance is dropped"));
    assertThat(waitForTerminatedSnapshot(proc, handle.actorId()).attrs().get("status"))
        .isEqualTo("stopped");
  }

  private static io.hyperactor.ActorHandle<Void> openAndDrop(Proc proc) {
    ClientInstance client = proc.introspectableInstance("dropped");
    return client.handle();
  }

  @Test
  void queriesArrivingBeforeInitAreAnsweredAfterIt() throws Exception {
    Proc proc = proc();
    ClientInstance asker = proc.instance("asker");
    CountDownLatch release = new CountDownLatch(1);
    ActorHandle<Msg> handle =
        proc.spawn(
            "slow_init",
            new Actor<Msg>() {
              @Override
              public void init(io.hyperactor.Instance<Msg> self) throws Exception {
                release.await();
                self.setQueryChildHandler(
                    ref ->
                        new IntrospectResult(
                            ref, ImmutableMap.of("kind", "late"), ImmutableList.of(), null,
                            Instant.now()));
              }

              @Override
              public void handle(Context<Msg> cx, Msg m) {}
            });
    OncePortReceiver<IntrospectResult> reply = asker.openOncePort();
    asker.post(
        handle.actorId().portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.QueryChild("c", reply.handle().bind()));
    release.countDown();
    assertThat(reply.recv(TIMEOUT).attrs()).containsExactly("kind", "late");
  }

  @Test
  void publishedAttrsAndQueryChildAreServedOffTheActorThread() throws Exception {
    Proc proc = proc();
    ClientInstance asker = proc.instance("asker");
    ClientInstance owner = proc.introspectableInstance("owner");
    OncePortReceiver<IntrospectResult> reply = asker.openOncePort();
    asker.post(
        owner.selfId().portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.QueryChild("some-child", reply.handle().bind()));
    assertThat(reply.recv(TIMEOUT).attrs()).containsEntry("error_code", "not_found");

    owner.publishAttrs(Map.of("role", "controller"));
    owner.publishAttr("epoch", "7");
    owner.setQueryChildHandler(
        ref ->
            new IntrospectResult(
                ref, ImmutableMap.of("kind", "child"), ImmutableList.of(), null, Instant.now()));
    assertThat(query(asker, owner.selfId(), IntrospectMessage.View.ENTITY).attrs())
        .containsExactly("role", "controller", "epoch", "7");
    assertThat(query(asker, owner.selfId(), IntrospectMessage.View.ACTOR).attrs())
        .containsEntry("status", "client");
    reply = asker.openOncePort();
    asker.post(
        owner.selfId().portId(PortId.INTROSPECT_INDEX),
        new IntrospectMessage.QueryChild("c1", reply.handle().bind()));
    IntrospectResult child = reply.recv(TIMEOUT);
    assertThat(child.identity()).isEqualTo("c1");
    assertThat(child.attrs()).containsEntry("kind", "child");
  }

  private static ActorSnapshot snapshot(String status, String occurredAt) {
    ImmutableMap.Builder<String, String> attrs = ImmutableMap.builder();
    attrs.put("status", status);
    Instant failedAt = null;
    if (occurredAt != null && !occurredAt.isEmpty()) {
      attrs.put("failure_error_message", "failed: x");
      attrs.put("failure_occurred_at", occurredAt);
      failedAt = Instant.parse(occurredAt);
    }
    return ActorSnapshot.formatted(
        new IntrospectResult("x", attrs.buildOrThrow(), ImmutableList.of(), null, Instant.now()),
        failedAt);
  }

  @Test
  @org.junit.jupiter.api.parallel.ResourceLock(
      io.hyperactor.config.HyperactorConfig.GLOBAL_RESOURCE_LOCK)
  @SuppressWarnings("try") // the scope is the point
  void snapshotsAreCappedByTheRetentionSetting() throws Exception {
    try (io.hyperactor.config.ScopedOverride o =
        io.hyperactor.config.HyperactorConfig.global()
            .override(io.hyperactor.config.HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION, 2L)) {
      Proc proc = proc();
      for (int i = 0; i < 5; i++) {
        ActorHandle<Msg> handle = proc.spawn("retained_" + i, new TestActor());
        handle.drainAndStop("done");
        await(handle);
      }
      assertThat(proc.allTerminatedActorIds()).hasSize(2);
    }
  }

  @Test
  @org.junit.jupiter.api.parallel.ResourceLock(
      io.hyperactor.config.HyperactorConfig.GLOBAL_RESOURCE_LOCK)
  @SuppressWarnings("try") // the scope is the point
  void noSnapshotsAreKeptAtRetentionZero() throws Exception {
    try (io.hyperactor.config.ScopedOverride o =
        io.hyperactor.config.HyperactorConfig.global()
            .override(io.hyperactor.config.HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION, 0L)) {
      Proc proc = proc();
      ActorHandle<Msg> handle = proc.spawn("unretained", new TestActor());
      handle.drainAndStop("done");
      await(handle);
      assertThat(proc.allTerminatedActorIds()).isEmpty();
      assertThat(proc.terminatedSnapshot(handle.actorId())).isEmpty();
    }
  }

  @Test
  void snapshotEvictionDropsCleanFirstThenNewestFailures() {
    ProcImpl proc = (ProcImpl) proc();
    io.hyperactor.id.ActorId base = proc.instance("base").selfId();
    SnapshotStore store = new SnapshotStore();
    store.store(base.childId(1), snapshot("failed", "2026-01-01T00:00:01.000000000Z"), 3);
    store.store(base.childId(2), snapshot("failed", "2026-01-01T00:00:02.000000000Z"), 3);
    store.store(base.childId(3), snapshot("stopped", ""), 3);
    store.store(base.childId(4), snapshot("failed", "2026-01-01T00:00:03.000000000Z"), 3);
    // One over: the only clean entry goes.
    assertThat(store.ids()).containsExactly(base.childId(1), base.childId(2), base.childId(4));
    store.store(base.childId(5), snapshot("failed", "2026-01-01T00:00:04.000000000Z"), 2);
    // Two over with only failures left: the newest two go, the earliest failures stay.
    assertThat(store.ids()).containsExactly(base.childId(1), base.childId(2));
  }
}
