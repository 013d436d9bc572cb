package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.Proc;
import io.hyperactor.Signal;
import io.hyperactor.Undeliverable;
import io.hyperactor.supervision.ActorStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sends that race with an actor's termination: every message is either handled, refused at the
 * send with the terminal status, or returned to its sender as undeliverable naming that status.
 */
class ProcTerminationRaceTest {
  private static final int ITERATIONS = 300;
  private static final int MESSAGES = 200;
  /** The target stops itself while handling this message, with more still arriving. */
  private static final int STOP_AT = 20;

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  /** Handles numbers; on {@link #STOP_AT} asks its own loop to stop (or drain and stop). */
  static final class Target implements Actor<Integer> {
    final Set<Integer> handled = ConcurrentHashMap.newKeySet();
    private final boolean drain;

    Target(boolean drain) {
      this.drain = drain;
    }

    @Override
    public void handle(Context<Integer> cx, Integer n) {
      handled.add(n);
      if (n == STOP_AT) {
        Signal stop = drain ? new Signal.DrainAndStop("race") : new Signal.Stop("race");
        assertThat(((InstanceCell) cx.cell()).signal(stop)).isTrue();
      }
    }
  }

  /** Sends 0..MESSAGES-1 to the target and records every refusal and every returned message. */
  static final class Sender implements Actor<ActorHandle<Integer>> {
    final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    final Set<Integer> returned = ConcurrentHashMap.newKeySet();
    final List<String> reasons = new CopyOnWriteArrayList<>();
    final CountDownLatch sent = new CountDownLatch(1);

    @Override
    public void handle(Context<ActorHandle<Integer>> cx, ActorHandle<Integer> target) {
      for (int i = 0; i < MESSAGES; i++) {
        try {
          target.send(cx, i);
        } catch (MailboxSenderException e) {
          assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.OWNER_TERMINATED);
          refused.add(i);
          reasons.add(e.getMessage());
        }
      }
      sent.countDown();
    }

    @Override
    public void handleUndeliverable(Instance<ActorHandle<Integer>> self, Undeliverable u) {
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.MAILBOX);
      returned.add((Integer) u.envelope().payload());
      reasons.add(u.error().message());
    }

    int accounted(Target target) {
      return target.handled.size() + refused.size() + returned.size();
    }
  }

  @Test
  void everyMessageSentAsTheActorTerminatesIsHandledOrReported() throws Exception {
    Proc proc = proc();
    for (int i = 0; i < ITERATIONS; i++) {
      boolean drain = i % 2 == 1;
      Target target = new Target(drain);
      Sender sender = new Sender();
      ActorHandle<Integer> targetHandle = proc.spawn("target_" + i, target);
      ActorHandle<ActorHandle<Integer>> senderHandle = proc.spawn("sender_" + i, sender);
      senderHandle.send(targetHandle);
      assertThat(sender.sent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(await(targetHandle)).isEqualTo(new ActorStatus.Stopped("race"));

      // Returned messages reach the sender asynchronously; every one must arrive.
      TestSupport.awaitCondition(
          () -> sender.accounted(target) >= MESSAGES, "every message to be accounted for");
      assertWithMessage("iteration %s: handled %s, refused %s, returned %s",
              i, target.handled.size(), sender.refused.size(), sender.returned.size())
          .that(sender.accounted(target))
          .isEqualTo(MESSAGES);
      for (int n = 0; n < MESSAGES; n++) {
        int outcomes =
            (target.handled.contains(n) ? 1 : 0)
                + (sender.refused.contains(n) ? 1 : 0)
                + (sender.returned.contains(n) ? 1 : 0);
        assertWithMessage("iteration %s, message %s", i, n).that(outcomes).isEqualTo(1);
      }
      for (int n = 0; n <= STOP_AT; n++) {
        assertThat(target.handled).contains(n);
      }
      for (String reason : sender.reasons) {
        assertThat(reason).contains("terminated with status 'stopped: race'");
      }
      senderHandle.drainAndStop("done");
      await(senderHandle);
    }
  }
}
