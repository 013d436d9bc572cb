package io.hyperactor.testkit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The kit's lifecycle, driven by hand: what it gives a test and what it refuses to let pass. */
class HyperactorTestKitTest {
  private static final Duration SHORT_GRACE = Duration.ofMillis(300);

  /** Fails on any message. */
  static final class Failing implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {
      throw new IllegalStateException(message);
    }
  }

  @Test
  void each_test_gets_a_fresh_system_which_is_closed_after_it() {
    HyperactorTestKit kit = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    kit.beforeEach(null);
    ActorSystem first = kit.system();
    kit.afterEach(null);
    assertThat(first.isClosed()).isTrue();
    kit.beforeEach(null);
    try {
      assertThat(kit.system()).isNotSameInstanceAs(first);
    } finally {
      kit.afterEach(null);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, kit::system);
    assertThat(e).hasMessageThat().contains("no test is running");
  }

  @Test
  void a_child_process_left_running_fails_the_test_and_is_killed() throws Exception {
    HyperactorTestKit kit = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    kit.beforeEach(null);
    Process stray = new ProcessBuilder("sleep", "60").start();
    AssertionError e = assertThrows(AssertionError.class, () -> kit.afterEach(null));
    assertThat(e).hasMessageThat().contains("child processes still running");
    assertThat(e).hasMessageThat().contains(Long.toString(stray.pid()));
    assertThat(stray.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_proc_asking_to_end_the_jvm_fails_the_test() throws Exception {
    HyperactorTestKit kit = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    kit.beforeEach(null);
    ActorHandle<String> root = kit.system().localProc("lonely").spawn("root", new Failing());
    root.send("boom");
    root.termination().get(30, TimeUnit.SECONDS);
    // The exit hook runs right after the root's failure is recorded; wait for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (kit.exitRequests().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(kit.exitRequests()).containsExactly(1);
    AssertionError e = assertThrows(AssertionError.class, () -> kit.afterEach(null));
    assertThat(e).hasMessageThat().contains("procs asked to end the JVM with exit codes [1]");
  }

  @Test
  void the_logs_of_a_test_are_captured() {
    HyperactorTestKit kit = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    kit.beforeEach(null);
    try {
      LoggerFactory.getLogger("kit.test").warn("something {} happened", "odd");
      assertThat(kit.logs().assertLogged(Level.WARN, "something odd happened").getLoggerName())
          .isEqualTo("kit.test");
      AssertionError e =
          assertThrows(AssertionError.class, () -> kit.logs().assertLogged(Level.ERROR, "odd"));
      assertThat(e).hasMessageThat().contains("no ERROR event containing 'odd'");
    } finally {
      kit.afterEach(null);
    }
  }

  @Test
  void the_clock_is_there_only_when_asked_for() {
    HyperactorTestKit plain = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    plain.beforeEach(null);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, plain::clock);
      assertThat(e).hasMessageThat().contains("manualTime()");
    } finally {
      plain.afterEach(null);
    }
    HyperactorTestKit timed = HyperactorTestKit.builder().manualTime().leftoverGrace(SHORT_GRACE).build();
    timed.beforeEach(null);
    try {
      assertThat(timed.system().scheduler()).isSameInstanceAs(timed.clock());
    } finally {
      timed.afterEach(null);
    }
  }

  @Test
  void the_runtime_runs_the_requested_wiring() throws Exception {
    HyperactorTestKit kit = HyperactorTestKit.builder().leftoverGrace(SHORT_GRACE).build();
    kit.beforeEach(null);
    try {
      assertThat(kit.runtime().managerKind()).isEqualTo(io.hyperactor.config.ProcManagerKind.LOCAL);
      assertThat(kit.runtime().spawnProc("p", 0).procId().name()).isEqualTo("p");
    } finally {
      kit.afterEach(null);
    }
  }
}
