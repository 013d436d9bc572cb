package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which statuses {@code status} counts as unhealthy, for the cases a live mesh in a test cannot
 * easily produce: an unreachable host or proc, and a tree the server could not complete.
 */
class StatusSummaryTest {
  private static AdminJson.Actor actor(String id, String status, boolean system) {
    return new AdminJson.Actor(
        id, id, null, null, status, null, system, 0, 0, null, null, null);
  }

  private static AdminJson.Proc proc(String id, String status, AdminJson.Actor... actors) {
    return new AdminJson.Proc(id, id, 0, 1L, status, null, false, List.of(actors));
  }

  private static AdminJson.Tree tree(boolean complete, AdminJson.Host... hosts) {
    return new AdminJson.Tree("2026-12-06T00:00:00Z", complete, List.of(hosts));
  }

  @Test
  void runningStoppingAndStoppedAreHealthy() {
    StatusCommand.Summary summary =
        StatusCommand.summarize(
            tree(
                true,
                new AdminJson.Host(
                    "h",
                    "tcp:h:1",
                    "running",
                    List.of(
                        proc("p0", "running", actor("a", "running", false), actor("b", "stopped", false)),
                        proc("p1", "stopping", actor("c", "stopping", false))))));
    assertThat(summary.healthy()).isTrue();
    assertThat(summary.unhealthy()).isEmpty();
    assertThat(summary.counts())
        .containsExactly(
            "hosts", Map.of("running", 1),
            "procs", Map.of("running", 1, "stopping", 1),
            "actors", Map.of("running", 1, "stopped", 1, "stopping", 1))
        .inOrder();
  }

  @Test
  void unreachableHostsAndProcsAndFailedProcsAndActorsAreUnhealthy() {
    AdminJson.Actor failed =
        new AdminJson.Actor(
            "p0,w[0]", "w", null, null, "failed", "handler threw", false, 0, 1, null, null,
            new AdminJson.Failure("boom", null, null));
    StatusCommand.Summary summary =
        StatusCommand.summarize(
            tree(
                true,
                new AdminJson.Host(
                    "h0",
                    "tcp:h0:1",
                    "running",
                    List.of(
                        proc("p0", "running", failed, actor("agent", "failed", true)),
                        proc("p1", "unreachable"),
                        proc("p2", "failed"))),
                new AdminJson.Host("h1", "tcp:h1:1", "unreachable", List.of())));
    assertThat(summary.healthy()).isFalse();
    assertThat(summary.unhealthy())
        .containsExactly(
            new StatusCommand.Unhealthy("actor", "p0,w[0]", "failed", "boom"),
            new StatusCommand.Unhealthy("actor", "agent", "failed", null),
            new StatusCommand.Unhealthy("proc", "p1", "unreachable", null),
            new StatusCommand.Unhealthy("proc", "p2", "failed", null),
            new StatusCommand.Unhealthy("host", "h1", "unreachable", null))
        .inOrder();
  }

  @Test
  void anIncompleteTreeIsUnhealthyEvenWithNothingFailed() {
    StatusCommand.Summary summary =
        StatusCommand.summarize(
            tree(false, new AdminJson.Host("h", "tcp:h:1", "running", List.of(proc("p0", "running")))));
    assertThat(summary.unhealthy()).isEmpty();
    assertThat(summary.healthy()).isFalse();
  }

  @Test
  void aReasonIsShownByItsFirstLine() {
    assertThat(StatusCommand.firstLine("failed: boom\n\tat a.B.c(B.java:1)\n")).isEqualTo("failed: boom");
    assertThat(StatusCommand.firstLine("  stopped  ")).isEqualTo("stopped");
  }
}
