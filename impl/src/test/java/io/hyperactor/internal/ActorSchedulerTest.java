package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.supervision.ActorStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The execution model: activations on virtual threads, none while idle, blocking allowed. */
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

  @Test
  void idleActorsHoldNoThread() throws Exception {
    Proc proc = proc();
    int baseline = ActorScheduler.INSTANCE.liveTasks();
    int actors = 1_000;
    CountDownLatch handled = new CountDownLatch(actors);
    List<ActorHandle<Step>> handles = new ArrayList<>();
    for (int i = 0; i < actors; i++) {
      ActorHandle<Step> h = proc.spawn("idle_" + i, new Stepper());
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
    // An idle actor wakes again on the next message.
    CountDownLatch again = new CountDownLatch(actors);
    handles.forEach(h -> h.send(new Step(again, false)));
    assertThat(again.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void blockedHandlersDoNotStarveOtherActorsAndStopWithTimeoutAbortsThem() throws Exception {
    Proc proc = proc();
    // More blocked handlers than carrier threads: each holds only its own virtual thread.
    int blocked = 4 * Runtime.getRuntime().availableProcessors() + 2;
    CountDownLatch never = new CountDownLatch(1);
    List<ActorHandle<Step>> stuck = new ArrayList<>();
    for (int i = 0; i < blocked; i++) {
      ActorHandle<Step> h = proc.spawn("stuck_" + i, new Stepper());
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
}
