package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Cancellable;
import io.hyperactor.Context;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.testkit.HyperactorTestKit;
import io.hyperactor.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timers and delayed self-messages on a manual clock: when they fire, and that cancelled ones never do. */
class TimersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofMillis(200);

  @RegisterExtension
  static final HyperactorTestKit kit = HyperactorTestKit.builder().manualTime().build();

  sealed interface Cmd permits Single, Periodic, Cancel, Block, Ping, Tick, Delayed {}

  record Single(String key, Duration delay) implements Cmd {}

  record Periodic(String key, Duration interval) implements Cmd {}

  record Cancel(String key) implements Cmd {}

  /** Blocks in the handler until the latch opens, then cancels {@code key}. */
  record Block(CountDownLatch latch, String key) implements Cmd {}

  record Ping() implements Cmd {}

  record Tick(String key) implements Cmd {}

  /** Sends itself a tick after {@code delay}, through {@code selfMessageWithDelay}. */
  record Delayed(String key, Duration delay) implements Cmd {}

  /** Starts and cancels timers as told; reports ticks, pongs and its blocking to {@code report}. */
  static final class Timed implements Actor<Cmd> {
    private final ActorRef<String> report;
    volatile Cancellable delayed;

    Timed(ActorRef<String> report) {
      this.report = report;
    }

    @Override
    public void handle(Context<Cmd> cx, Cmd cmd) throws Exception {
      switch (cmd) {
        case Single s -> cx.timers().startSingleTimer(s.key(), new Tick(s.key()), s.delay());
        case Periodic p -> cx.timers().startTimerAtFixedRate(p.key(), new Tick(p.key()), p.interval());
        case Cancel c -> cx.timers().cancel(c.key());
        case Block b -> {
          report.send(cx, "blocked");
          b.latch().await();
          cx.timers().cancel(b.key());
        }
        case Ping p -> report.send(cx, "pong");
        case Tick t -> report.send(cx, "tick " + t.key());
        case Delayed d -> delayed = cx.selfMessageWithDelay(new Tick(d.key()), d.delay());
      }
    }
  }

  private record Fixture(ActorHandle<Cmd> actor, TestProbe<String> probe) {
    void send(Cmd cmd) {
      actor.send(kit.client(), cmd);
    }

    /** Waits until the actor has handled everything sent before. */
    void sync() {
      send(new Ping());
      probe.expectMessage("pong", TIMEOUT);
    }
  }

  private static Fixture fixture() {
    TestProbe<String> probe = kit.createProbe(String.class);
    return new Fixture(kit.proc().spawn("timed", new Timed(probe.ref())), probe);
  }

  @Test
  void a_single_timer_fires_once_when_its_delay_has_passed() {
    Fixture f = fixture();
    f.send(new Single("t", Duration.ofSeconds(5)));
    f.sync();
    kit.clock().advance(Duration.ofSeconds(4));
    f.probe().expectNoMessage(QUIET);
    kit.clock().advance(Duration.ofSeconds(1));
    f.probe().expectMessage("tick t", TIMEOUT);
    kit.clock().advance(Duration.ofSeconds(60));
    f.probe().expectNoMessage(QUIET);
  }

  @Test
  void a_periodic_timer_fires_every_interval_until_cancelled() {
    Fixture f = fixture();
    f.send(new Periodic("p", Duration.ofSeconds(1)));
    f.sync();
    kit.clock().advance(Duration.ofSeconds(3));
    assertThat(f.probe().receiveN(3, TIMEOUT)).containsExactly("tick p", "tick p", "tick p");
    f.send(new Cancel("p"));
    f.sync();
    kit.clock().advance(Duration.ofSeconds(10));
    f.probe().expectNoMessage(QUIET);
    assertThat(kit.clock().pending()).isEmpty();
  }

  @Test
  void starting_a_timer_under_an_active_key_replaces_it() {
    Fixture f = fixture();
    f.send(new Single("t", Duration.ofSeconds(1)));
    f.send(new Single("t", Duration.ofSeconds(5)));
    f.sync();
    kit.clock().advance(Duration.ofSeconds(1));
    f.probe().expectNoMessage(QUIET);
    kit.clock().advance(Duration.ofSeconds(4));
    f.probe().expectMessage("tick t", TIMEOUT);
    f.probe().expectNoMessage(QUIET);
  }

  @Test
  void a_timer_cancelled_after_its_message_was_queued_never_reaches_the_handler() throws Exception {
    Fixture f = fixture();
    f.send(new Single("t", Duration.ofSeconds(1)));
    CountDownLatch latch = new CountDownLatch(1);
    f.send(new Block(latch, "t"));
    f.probe().expectMessage("blocked", TIMEOUT);
    // The timer fires while the actor is busy: its message waits in the queue behind Block.
    kit.clock().advance(Duration.ofSeconds(1));
    latch.countDown();
    // Block cancels the timer, then the queued tick is dropped: pong comes next, not the tick.
    f.sync();
    kit.clock().advance(Duration.ofSeconds(10));
    f.probe().expectNoMessage(QUIET);
  }

  @Test
  void a_delayed_self_message_can_be_cancelled_through_its_handle() {
    TestProbe<String> probe = kit.createProbe(String.class);
    Timed timed = new Timed(probe.ref());
    ActorHandle<Cmd> actor = kit.proc().spawn("timed", timed);
    Fixture f = new Fixture(actor, probe);
    f.send(new Delayed("d", Duration.ofSeconds(2)));
    f.sync();
    assertThat(timed.delayed.cancel()).isTrue();
    assertThat(timed.delayed.isCancelled()).isTrue();
    kit.clock().advance(Duration.ofSeconds(5));
    probe.expectNoMessage(QUIET);

    f.send(new Delayed("e", Duration.ofSeconds(2)));
    f.sync();
    kit.clock().advance(Duration.ofSeconds(2));
    probe.expectMessage("tick e", TIMEOUT);
    assertThat(timed.delayed.cancel()).isFalse();
  }

  @Test
  void stopping_the_actor_cancels_its_timers() throws Exception {
    Fixture f = fixture();
    f.send(new Periodic("p", Duration.ofSeconds(1)));
    f.send(new Single("s", Duration.ofHours(1)));
    f.sync();
    assertThat(kit.clock().pending()).hasSize(2);
    f.actor().drainAndStop("done");
    f.actor().termination().get(30, TimeUnit.SECONDS);
    assertThat(kit.clock().pending()).isEmpty();
  }
}
