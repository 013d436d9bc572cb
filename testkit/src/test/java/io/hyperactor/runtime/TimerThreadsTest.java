package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import io.hyperactor.testkit.TestProbe;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pending timers on the real scheduler cost queue entries, not threads. */
class TimerThreadsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final HyperactorTestKit kit = HyperactorTestKit.create();

  /** On any message, starts {@code count} one-hour timers and reports that it did. */
  static final class ManyTimers implements Actor<Integer> {
    private final int count;
    private final ActorRef<Integer> report;

    ManyTimers(int count, ActorRef<Integer> report) {
      this.count = count;
      this.report = report;
    }

    @Override
    public void handle(Context<Integer> cx, Integer message) {
      for (int i = 0; i < count; i++) {
        cx.timers().startSingleTimer(i, -i, Duration.ofHours(1));
      }
      report.send(cx, count);
    }
  }

  @Test
  void a_hundred_thousand_pending_timers_hold_no_thread_each() throws Exception {
    TestProbe<Integer> started = kit.createProbe(Integer.class);
    // Warm the dispatcher and the scheduler, so that their own threads are counted before.
    ActorHandle<Integer> warm = kit.proc().spawn("warm", new ManyTimers(1, started.ref()));
    warm.send(kit.client(), 0);
    started.expectMessage(1, TIMEOUT);
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    List<ActorHandle<Integer>> actors = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      actors.add(kit.proc().spawn("timers" + i, new ManyTimers(1_000, started.ref())));
    }
    for (ActorHandle<Integer> a : actors) {
      a.send(kit.client(), 0);
    }
    assertThat(started.receiveN(100, TIMEOUT)).containsExactlyElementsIn(java.util.Collections.nCopies(100, 1_000));

    int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
    // 100,000 timers are pending; a thread per timer would add that many. Allow the dispatcher
    // to have grown by a worker or two under the load of starting them.
    assertThat(threadsAfter - threadsBefore).isAtMost(4);

    for (ActorHandle<Integer> a : actors) {
      a.drainAndStop("done");
    }
    for (ActorHandle<Integer> a : actors) {
      a.termination().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
