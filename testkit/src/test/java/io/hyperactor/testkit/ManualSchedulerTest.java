package io.hyperactor.testkit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final List<String> ran = new ArrayList<>();

  @Test
  void tasks_run_in_due_order_only_when_the_clock_passes_them() {
    clock.scheduleOnce(Duration.ofSeconds(3), () -> ran.add("c"));
    clock.scheduleOnce(Duration.ofSeconds(1), () -> ran.add("a"));
    clock.scheduleOnce(Duration.ofSeconds(2), () -> ran.add("b"));
    clock.advance(Duration.ofMillis(999));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(ran).containsExactly("a", "b").inOrder();
    assertThat(clock.pending()).containsExactly(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(ran).containsExactly("a", "b", "c").inOrder();
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void a_periodic_task_runs_once_per_period_passed_until_cancelled() {
    Cancellable tick = clock.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(2), () -> ran.add("t"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran).containsExactly("t", "t", "t");
    assertThat(tick.cancel()).isTrue();
    assertThat(tick.isCancelled()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(ran).hasSize(3);
    assertThat(clock.pending()).isEmpty();
  }

  @Test
  void a_cancelled_task_never_runs_and_a_run_task_cannot_be_cancelled() {
    Cancellable cancelled = clock.scheduleOnce(Duration.ofSeconds(1), () -> ran.add("x"));
    Cancellable run = clock.scheduleOnce(Duration.ofSeconds(1), () -> ran.add("y"));
    assertThat(cancelled.cancel()).isTrue();
    assertThat(cancelled.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("y");
    assertThat(run.cancel()).isFalse();
    assertThat(run.isCancelled()).isFalse();
  }

  @Test
  void a_task_may_schedule_another_that_falls_due_in_the_same_advance() {
    clock.scheduleOnce(
        Duration.ofSeconds(1),
        () -> {
          ran.add("first");
          clock.scheduleOnce(Duration.ofSeconds(1), () -> ran.add("second"));
        });
    clock.advance(Duration.ofSeconds(2));
    assertThat(ran).containsExactly("first", "second").inOrder();
  }

  @Test
  void the_clock_cannot_move_back() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    assertThat(e).hasMessageThat().contains("cannot move the clock back");
  }
}
