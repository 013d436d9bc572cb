package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.DestroyResult;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.Signal;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ScopedOverride;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.internal.TestSupport.Coordinator;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Stop, drain, abort, cleanup, destroyAndWait, and the Java-specific failure edges. */
@Timeout(60)
@ResourceLock(HyperactorConfig.GLOBAL_RESOURCE_LOCK)
class ProcTeardownTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void testCoordinatorShutsDownLastDuringDestroy() throws Exception {
    Proc proc = proc();
    Coordinator coordinator = Coordinator.set(proc);
    proc.instance("client");
    List<ActorId> actors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      actors.add(proc.spawn("actor_" + i, new TestActor()).actorId());
    }
    DestroyResult result = proc.destroyAndWait(Duration.ofSeconds(5), null, "test");
    assertThat(result.aborted()).isEmpty();
    assertThat(result.stopped()).containsAtLeastElementsIn(actors);
    assertThat(result.stopped().get(result.stopped().size() - 1))
        .isEqualTo(proc.supervisionCoordinatorActorId().orElseThrow());

    List<ActorId> reported = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ActorSupervisionEvent e = coordinator.recv();
      assertThat(e.actorStatus()).isEqualTo(new ActorStatus.Stopped("test"));
      reported.add(e.actorId());
    }
    assertThat(coordinator.events).isEmpty();
    assertThat(reported.stream().sorted().toList()).isEqualTo(actors);
  }

  /** Records what cleanup saw; its handler behaviour is given per message. */
  static final class Behaving implements Actor<Behaving.Act> {
    interface Act {
      void run() throws Exception;
    }

    final AtomicReference<@Nullable Throwable> cleanupCause = new AtomicReference<>();
    final CountDownLatch cleanedUp = new CountDownLatch(1);
    final Duration cleanupBlock;

    Behaving(Duration cleanupBlock) {
      this.cleanupBlock = cleanupBlock;
    }

    Behaving() {
      this(Duration.ZERO);
    }

    @Override
    public void handle(Context<Act> cx, Act act) throws Exception {
      act.run();
    }

    @Override
    public void cleanup(Instance<Act> self, @Nullable Throwable cause) throws Exception {
      cleanupCause.set(cause);
      cleanedUp.countDown();
      if (!cleanupBlock.isZero()) {
        new CountDownLatch(1).await(cleanupBlock.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  @Test
  void handlerThrowingCheckedExceptionFailsWithItsMessageAndRunsCleanup() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    Behaving actor = new Behaving();
    ActorHandle<Behaving.Act> handle = proc.spawn("checked", actor);
    handle.send(
        () -> {
          throw new java.io.IOException("disk on fire");
        });
    ActorStatus status = await(handle);
    assertThat(status).isEqualTo(new ActorStatus.Failed(
        io.hyperactor.supervision.ActorErrorKind.generic("disk on fire")));
    assertThat(actor.cleanedUp.getCount()).isEqualTo(0);
    assertThat(actor.cleanupCause.get()).hasMessageThat().isEqualTo("disk on fire");
  }

  @Test
  void handlerThrowingErrorFailsWithStackTraceAndSkipsCleanup() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    Behaving actor = new Behaving();
    ActorHandle<Behaving.Act> handle = proc.spawn("error", actor);
    handle.send(
        () -> {
          throw new AssertionError("invariant broken");
        });
    ActorStatus status = await(handle);
    assertThat(status.toString()).contains("panic: java.lang.AssertionError: invariant broken");
    assertThat(status.toString()).contains("at io.hyperactor.internal.ProcTeardownTest");
    assertThat(actor.cleanedUp.getCount()).isEqualTo(1);
  }

  @Test
  void handlerBlockedForeverIsAbortedByDestroyWithTimeout() throws Exception {
    Proc proc = proc();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch unwound = new CountDownLatch(1);
    Behaving actor = new Behaving();
    ActorHandle<Behaving.Act> handle = proc.spawn("stuck", actor);
    handle.send(
        () -> {
          entered.countDown();
          try {
            new CountDownLatch(1).await();
          } finally {
            unwound.countDown();
          }
        });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    DestroyResult result = proc.destroyAndWait(Duration.ofMillis(200), null, "shutdown");
    assertThat(result.aborted()).containsExactly(handle.actorId());
    assertThat(result.stopped()).isEmpty();
    assertThat(await(handle)).isEqualTo(new ActorStatus.Stopped("instance is dropped"));
    // Aborting skips cleanup, as upstream's task abort does.
    assertThat(actor.cleanedUp.getCount()).isEqualTo(1);
    // The abort interrupted the handler, which unwound and let its thread go.
    assertThat(unwound.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    TestSupport.awaitCondition(
        () -> ((InstanceCell) handle.cell()).task().thread() == null, "the loop to unbind");
  }

  @Test
  void abortSignalFailsTheActor() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("aborted", new TestActor());
    ((InstanceCell) handle.cell()).signal(new Signal.Abort("operator request"));
    ActorStatus status = await(handle);
    assertThat(status.toString()).isEqualTo("failed: actor explicitly aborted due to: operator request");
  }

  @Test
  @SuppressWarnings("try") // the scope is the point
  void cleanupIsBoundedByTheCleanupTimeout() throws Exception {
    try (ScopedOverride o =
        HyperactorConfig.global().override(HyperactorAttrs.CLEANUP_TIMEOUT, Duration.ofMillis(100))) {
      Proc proc = proc();
      Coordinator.set(proc);
      ActorHandle<Behaving.Act> handle =
          proc.spawn("slow_cleanup", new Behaving(Duration.ofSeconds(60)));
      handle.drainAndStop("done");
      ActorStatus status = await(handle);
      assertThat(status.toString())
          .isEqualTo("failed: cleanup error: cleanup did not finish within PT0.1S");
    }
  }

  @Test
  void initFailureFailsTheActor() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle =
        proc.spawn(
            "bad_init",
            new Actor<Msg>() {
              @Override
              public void init(Instance<Msg> self) throws Exception {
                throw new Exception("no config");
              }

              @Override
              public void handle(Context<Msg> cx, Msg message) {}
            });
    assertThat(await(handle).toString()).isEqualTo("failed: initialization error: no config");
  }

  /** Counts handled messages; the first one blocks until released. */
  static final class Counting implements Actor<CountDownLatch> {
    final AtomicInteger handled = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public void handle(Context<CountDownLatch> cx, CountDownLatch release) throws Exception {
      entered.countDown();
      release.await();
      handled.incrementAndGet();
    }
  }

  @Test
  void stopDropsQueuedWorkAndDrainAndStopHandlesIt() throws Exception {
    Proc proc = proc();
    for (boolean drain : new boolean[] {false, true}) {
      Counting actor = new Counting();
      ActorHandle<CountDownLatch> handle = proc.spawn("counting_" + drain, actor);
      CountDownLatch release = new CountDownLatch(1);
      handle.send(release);
      assertThat(actor.entered.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        handle.send(new CountDownLatch(0));
      }
      assertThat(handle.cell().metrics().queueSize()).isEqualTo(5);
      Signal signal = drain ? new Signal.DrainAndStop("bye") : new Signal.Stop("bye");
      assertThat(((InstanceCell) handle.cell()).signal(signal)).isTrue();
      release.countDown();
      assertThat(await(handle)).isEqualTo(new ActorStatus.Stopped("bye"));
      assertThat(actor.handled.get()).isEqualTo(drain ? 6 : 1);
      assertThat(handle.cell().metrics().queueSize()).isEqualTo(0);
    }
  }

  @Test
  void tenThousandActorsSpawnAndStopWithoutLeaks() throws Exception {
    ProcImpl proc = (ProcImpl) proc();
    // Warm up so the carrier pool and class loading are part of the baseline.
    runBatch(proc, "warmup", 200);
    int baselineTasks = ActorScheduler.INSTANCE.liveTasks();
    int baselineThreads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    long baselineHeap = usedHeapAfterGc();

    runBatch(proc, "bulk", 10_000);

    TestSupport.awaitCondition(
        () -> ActorScheduler.INSTANCE.liveTasks() <= baselineTasks, "actor threads to end");
    assertThat(proc.allActorIds()).isEmpty();
    TestSupport.awaitCondition(
        () -> {
          System.gc();
          return proc.registeredCount() == 0;
        },
        "terminated instances to be purged from the registry");
    int threads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    assertThat(threads).isAtMost(baselineThreads + 4);
    assertThat(usedHeapAfterGc()).isLessThan(baselineHeap + 64L * 1024 * 1024);
  }

  private static void runBatch(Proc proc, String prefix, int n) throws Exception {
    List<ActorHandle<Msg>> handles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      handles.add(proc.spawn(prefix + "_" + i, new TestActor()));
    }
    for (ActorHandle<Msg> h : handles) {
      h.drainAndStop("done");
    }
    for (ActorHandle<Msg> h : handles) {
      assertThat(await(h)).isEqualTo(new ActorStatus.Stopped("done"));
    }
  }

  private static long usedHeapAfterGc() {
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void delayedSelfMessageArrives() throws Exception {
    Proc proc = proc();
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    ActorHandle<String> handle =
        proc.spawn(
            "delayed",
            new Actor<String>() {
              @Override
              public void handle(Context<String> cx, String m) {
                if (m.equals("start")) {
                  cx.selfMessageWithDelay("later", Duration.ofMillis(20));
                } else {
                  seen.add(m);
                }
              }
            });
    handle.send("start");
    assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("later");
  }
}
