package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Blocking;
import io.hyperactor.Context;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.DispatcherKind;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The execution model: activations on the dispatcher pool or, for blocking actors, on virtual
 * threads; none while idle; blocking allowed where the actor says so.
 */
class ActorSchedulerTest {

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  /** Runs each latch it receives: counts it down, or waits on it when told to block. */
  record Step(CountDownLatch latch, boolean block) {}

  static final class Stepper implements Actor<Step> {
    @Override
    public void handle(Context<Step> cx, Step step) throws Exception {
      if (step.block()) {
        step.latch().await();
      } else {
        step.latch().countDown();
      }
    }
  }

  /** A {@link Stepper} whose handlers block, so its activations run on virtual threads. */
  @Blocking
  static final class BlockingStepper implements Actor<Step> {
    private final Stepper steps = new Stepper();

    @Override
    public void handle(Context<Step> cx, Step step) throws Exception {
      steps.handle(cx, step);
    }
  }

  /** Replies with the thread its handler ran on. */
  record WhereAmI(CompletableFuture<Thread> thread) {}

  static class Reporter implements Actor<WhereAmI> {
    @Override
    public void handle(Context<WhereAmI> cx, WhereAmI message) {
      message.thread().complete(Thread.currentThread());
    }
  }

  @Blocking
  static final class BlockingReporter extends Reporter {}

  private static Thread ranOn(ActorHandle<WhereAmI> handle) throws Exception {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    handle.send(new WhereAmI(thread));
    return thread.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void activationsRunOnTheDispatcherPoolByDefault() throws Exception {
    Proc proc = proc();
    ActorHandle<WhereAmI> h = proc.spawn("pooled", new Reporter());
    Thread thread = ranOn(h);
    assertThat(thread).isInstanceOf(ActorDispatcher.Worker.class);
    assertThat(thread.isVirtual()).isFalse();
    assertThat(thread.getName()).startsWith(ActorDispatcher.WORKER_PREFIX);
  }

  @Test
  void blockingActorsRunOnVirtualThreadsNamedAfterThem() throws Exception {
    Proc proc = proc();
    ActorHandle<WhereAmI> h = proc.spawn("blocking", new BlockingReporter());
    Thread thread = ranOn(h);
    assertThat(thread.isVirtual()).isTrue();
    assertThat(thread.getName()).isEqualTo(h.actorId().toString());
  }

  @Test
  @SuppressWarnings("try") // the scope is the point
  void virtualDispatcherRunsEveryActorOnVirtualThreads() throws Exception {
    try (ScopedOverride o =
        HyperactorConfig.global().override(HyperactorAttrs.ACTOR_DISPATCHER, DispatcherKind.VIRTUAL)) {
      Proc proc = proc();
      ActorHandle<WhereAmI> h = proc.spawn("virtual", new Reporter());
      Thread thread = ranOn(h);
      assertThat(thread.isVirtual()).isTrue();
      assertThat(thread.getName()).isEqualTo(h.actorId().toString());
    }
  }

  @Test
  void idleActorsHoldNoThread() throws Exception {
    Proc proc = proc();
    int baseline = ActorScheduler.INSTANCE.liveTasks();
    int actors = 1_000;
    CountDownLatch handled = new CountDownLatch(actors);
    List<ActorHandle<Step>> handles = new ArrayList<>();
    for (int i = 0; i < actors; i++) {
      // Half on the pool, half on virtual threads: neither kind keeps a thread while idle.
      ActorHandle<Step> h =
          proc.spawn("idle_" + i, i % 2 == 0 ? new Stepper() : new BlockingStepper());
      h.send(new Step(handled, false));
      handles.add(h);
    }
    assertThat(handled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (ActorHandle<Step> h : handles) {
      h.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);
    }
    // Every actor is alive and idle, and none of them keeps an activation.
    TestSupport.awaitCondition(
        () -> ActorScheduler.INSTANCE.liveTasks() <= baseline, "idle actors to release threads");
    TestSupport.awaitCondition(
        () -> handles.stream().allMatch(h -> ((InstanceCell) h.cell()).task().thread() == null),
        "idle actors to unbind their activations");
    // An idle actor wakes again on the next message.
    CountDownLatch again = new CountDownLatch(actors);
    handles.forEach(h -> h.send(new Step(again, false)));
    assertThat(again.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void blockedHandlersDoNotStarveOtherActorsAndStopWithTimeoutAbortsThem() throws Exception {
    Proc proc = proc();
    // More blocked handlers than carrier threads and pool workers: each holds only its own
    // virtual thread.
    int blocked = 4 * Runtime.getRuntime().availableProcessors() + 10;
    CountDownLatch never = new CountDownLatch(1);
    List<ActorHandle<Step>> stuck = new ArrayList<>();
    for (int i = 0; i < blocked; i++) {
      ActorHandle<Step> h = proc.spawn("stuck_" + i, new BlockingStepper());
      h.send(new Step(never, true));
      stuck.add(h);
    }
    for (ActorHandle<Step> h : stuck) {
      h.cell().awaitStatus(s -> s instanceof ActorStatus.Processing, TIMEOUT);
    }
    ActorHandle<Step> free = proc.spawn("free", new Stepper());
    CountDownLatch ran = new CountDownLatch(1);
    free.send(new Step(ran, false));
    assertThat(ran.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    var result = proc.destroyAndWait(Duration.ofMillis(200), null, "shutdown");
    assertThat(result.aborted()).containsAtLeastElementsIn(
        stuck.stream().map(ActorHandle::actorId).toList());
    for (ActorHandle<Step> h : stuck) {
      assertThat(await(h)).isEqualTo(new ActorStatus.Stopped("instance is dropped"));
    }
  }

  /** Waits in its handler for a message on a port of its own, then counts down. */
  record WaitOnPort(CompletableFuture<PortHandle<String>> port, CountDownLatch done) {}

  static final class PortWaiter implements Actor<WaitOnPort> {
    @Override
    public void handle(Context<WaitOnPort> cx, WaitOnPort message) throws Exception {
      PortReceiver<String> rx = cx.openPort();
      message.port().complete(rx.handle());
      rx.recv(TIMEOUT);
      message.done().countDown();
    }
  }

  @Test
  void waitsOnRuntimePortsDoNotStarveThePool() throws Exception {
    Proc proc = proc();
    // More waiting handlers than pool workers, all on the pool: the pool adds a worker for each
    // wait, so the actor that releases them still runs.
    int waiting = 4 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 10;
    CountDownLatch done = new CountDownLatch(waiting);
    List<CompletableFuture<PortHandle<String>>> ports = new ArrayList<>();
    for (int i = 0; i < waiting; i++) {
      CompletableFuture<PortHandle<String>> port = new CompletableFuture<>();
      proc.spawn("waiter_" + i, new PortWaiter()).send(new WaitOnPort(port, done));
      ports.add(port);
    }
    List<PortHandle<String>> handles = new ArrayList<>();
    for (CompletableFuture<PortHandle<String>> port : ports) {
      handles.add(port.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    ActorHandle<Step> releaser = proc.spawn("releaser", new Releaser(handles));
    releaser.send(new Step(new CountDownLatch(1), false));
    assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** Sends one message to every port it was given, from a pool activation. */
  static final class Releaser implements Actor<Step> {
    private final List<PortHandle<String>> ports;

    Releaser(List<PortHandle<String>> ports) {
      this.ports = ports;
    }

    @Override
    public void handle(Context<Step> cx, Step step) {
      ports.forEach(p -> p.send("go"));
    }
  }

  /** Wakes {@code peer} and then blocks until the peer has run, reporting whether it did. */
  record WakeAndWait(ActorHandle<Step> peer, CompletableFuture<Boolean> peerRan) {}

  static final class WakeThenBlock implements Actor<WakeAndWait> {
    @Override
    public void handle(Context<WakeAndWait> cx, WakeAndWait message) throws Exception {
      CountDownLatch ran = new CountDownLatch(1);
      message.peer().send(cx, new Step(ran, false));
      // A plain latch, which the pool cannot see: the peer's activation, queued behind this one
      // on this worker, must still run.
      message.peerRan().complete(ran.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void anActivationWokenByAHandlerThatThenBlocksStillRuns() throws Exception {
    Proc proc = proc();
    ActorHandle<Step> peer = proc.spawn("peer", new Stepper());
    // Let the peer go idle, so the send below wakes it from inside the waker's activation.
    CountDownLatch first = new CountDownLatch(1);
    peer.send(new Step(first, false));
    assertThat(first.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    peer.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);

    ActorHandle<WakeAndWait> waker = proc.spawn("waker", new WakeThenBlock());
    CompletableFuture<Boolean> peerRan = new CompletableFuture<>();
    waker.send(new WakeAndWait(peer, peerRan));
    assertThat(peerRan.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  record WakeAllAndWait(List<ActorHandle<Step>> peers, CompletableFuture<Boolean> allRan) {}

  static final class WakeAllThenBlock implements Actor<WakeAllAndWait> {
    @Override
    public void handle(Context<WakeAllAndWait> cx, WakeAllAndWait message) throws Exception {
      CountDownLatch ran = new CountDownLatch(message.peers().size());
      for (ActorHandle<Step> peer : message.peers()) {
        peer.send(cx, new Step(ran, false));
      }
      // The peers wait in this worker's next slot and backlog (and the pool, past the backlog);
      // a plain latch, which the pool cannot see, must not hold any of them.
      message.allRan().complete(ran.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void everyActivationWokenByAHandlerThatThenBlocksStillRuns() throws Exception {
    Proc proc = proc();
    List<ActorHandle<Step>> peers = new ArrayList<>();
    // More than the next slot and the backlog hold.
    for (int i = 0; i < ActorDispatcher.BACKLOG + 3; i++) {
      ActorHandle<Step> peer = proc.spawn("peer-" + i, new Stepper());
      CountDownLatch first = new CountDownLatch(1);
      peer.send(new Step(first, false));
      assertThat(first.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      peer.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);
      peers.add(peer);
    }

    ActorHandle<WakeAllAndWait> waker = proc.spawn("waker", new WakeAllThenBlock());
    CompletableFuture<Boolean> allRan = new CompletableFuture<>();
    waker.send(new WakeAllAndWait(peers, allRan));
    assertThat(allRan.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void processingStatusNamesTheStartOfTheCurrentMessage() throws Exception {
    Proc proc = proc();
    ActorHandle<Step> h = proc.spawn("processing", new Stepper());
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch second = new CountDownLatch(1);
    try {
      // Two messages of the same handler back to back: the second one's status must say when
      // the second one started, not the first.
      h.send(new Step(first, true));
      h.send(new Step(second, true));
      ActorStatus.Processing during1 =
          (ActorStatus.Processing)
              h.cell().awaitStatus(s -> s instanceof ActorStatus.Processing, TIMEOUT);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      first.countDown();
      TestSupport.awaitCondition(
          () ->
              h.cell().status() instanceof ActorStatus.Processing p
                  && p.since().isAfter(during1.since()),
          "the second message's start in the status");
      ActorStatus.Processing during2 = (ActorStatus.Processing) h.cell().status();
      assertThat(during2.handler()).isEqualTo(during1.handler());
      assertThat(Duration.between(during1.since(), during2.since()))
          .isAtLeast(Duration.ofMillis(5));
    } finally {
      first.countDown();
      second.countDown();
    }
  }
}
