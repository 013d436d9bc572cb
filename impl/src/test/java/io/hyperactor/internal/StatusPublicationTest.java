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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's Idle and Processing statuses as reads see them between and during activations, and
 * their race with an abort from another thread: a terminal status, once set, stays.
 */
class StatusPublicationTest {
  private static final ActorStatus DROPPED = new ActorStatus.Stopped("instance is dropped");

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  /** Counts its latch down, or waits on it when told to block. */
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
  void statusIsIdleBetweenActivationsAndProcessingNamesTheRunningHandler() throws Exception {
    Proc proc = proc();
    ActorHandle<Step> h = proc.spawn("stepper", new Stepper());
    // Several rounds: from the second on, the loop goes from Idle to Processing for a handler
    // it has run before.
    for (int round = 0; round < 5; round++) {
      CountDownLatch ran = new CountDownLatch(1);
      h.send(new Step(ran, false));
      assertThat(ran.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(h.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT))
          .isEqualTo(ActorStatus.IDLE);

      CountDownLatch release = new CountDownLatch(1);
      h.send(new Step(release, true));
      ActorStatus busy = h.cell().awaitStatus(s -> s instanceof ActorStatus.Processing, TIMEOUT);
      assertThat(((ActorStatus.Processing) busy).handler())
          .isEqualTo(ActorClassInfo.handlerInfo(Step.class));
      // Stays Processing while the handler runs: a read does not fall back to Idle.
      assertThat(h.cell().status()).isInstanceOf(ActorStatus.Processing.class);
      release.countDown();
      assertThat(h.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT))
          .isEqualTo(ActorStatus.IDLE);
    }
  }

  @Test
  void abortWhileTheLoopTurnsBetweenIdleAndProcessingLeavesTheActorTerminal() throws Exception {
    Proc proc = proc();
    for (int i = 0; i < 50; i++) {
      ActorHandle<Step> h = proc.spawn("churn_" + i, new Stepper());
      InstanceCell cell = (InstanceCell) h.cell();
      AtomicBoolean sending = new AtomicBoolean(true);
      CountDownLatch started = new CountDownLatch(1);
      // One short message at a time, each awaited: the loop goes idle and starts again per
      // message, and the abort lands anywhere in that cycle.
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (sending.get()) {
                      CountDownLatch handled = new CountDownLatch(1);
                      try {
                        h.send(new Step(handled, false));
                        started.countDown();
                        handled.await(10, TimeUnit.MILLISECONDS);
                      } catch (RuntimeException | InterruptedException terminated) {
                        break;
                      }
                    }
                  });
      assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // A varying number of round trips before the abort.
      Thread.sleep(0, (i % 10) * 100_000);
      ManagedInstance<?> task = cell.task();
      assertThat(task).isNotNull();
      task.abortTask();
      assertThat(cell.status()).isEqualTo(DROPPED);
      assertThat(await(h)).isEqualTo(DROPPED);
      sending.set(false);
      sender.join(TIMEOUT.toMillis());
      assertThat(sender.isAlive()).isFalse();
      // Once the loop has let go of its thread, whatever it stored on its way out did not undo
      // the abort.
      TestSupport.awaitCondition(() -> task.thread() == null, "the loop unwinds");
      assertThat(cell.status()).isEqualTo(DROPPED);
    }
  }
}
