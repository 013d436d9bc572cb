package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ReadyException;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProcStatusCellTest {
  private static final ChannelAddr ADDR = new ChannelAddr.Local(7);
  private static final ProcId PROC = new ProcId(ADDR, "p");
  private static final ActorRef<Object> AGENT = ActorRef.attest(PROC.actorId("proc_agent"));

  @Test
  void lifecycle_runs_starting_running_ready_stopping_stopped() throws Exception {
    ProcStatusCell cell = new ProcStatusCell(PROC);
    List<ProcStatus> seen = new CopyOnWriteArrayList<>();
    cell.watch(seen::add);
    Instant started = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(cell.get()).isEqualTo(new ProcStatus.Starting());
    assertThat(cell.markRunning(started)).isTrue();
    assertThat(cell.markReady(ADDR, AGENT)).isTrue();
    assertThat(cell.ready().isDone()).isTrue();
    assertThat(cell.markStopping()).isTrue();
    assertThat(cell.markStopping()).isFalse();
    ProcStatus stopped = new ProcStatus.Stopped(0, ImmutableList.of());
    assertThat(cell.markExit(stopped)).isTrue();
    assertThat(seen)
        .containsExactly(
            new ProcStatus.Running(started),
            new ProcStatus.Ready(started, ADDR, AGENT),
            new ProcStatus.Stopping(started),
            stopped)
        .inOrder();
    assertThat(cell.exit().get()).isEqualTo(stopped);
  }

  @Test
  void first_terminal_status_wins() throws Exception {
    ProcStatusCell cell = new ProcStatusCell(PROC);
    assertThat(cell.markExit(new ProcStatus.Killed(9, false))).isTrue();
    assertThat(cell.markExit(new ProcStatus.Stopped(0, ImmutableList.of()))).isFalse();
    assertThat(cell.markExit(new ProcStatus.Failed("late"))).isFalse();
    assertThat(cell.markReady(ADDR, AGENT)).isFalse();
    assertThat(cell.markStopping()).isFalse();
    assertThat(cell.get()).isEqualTo(new ProcStatus.Killed(9, false));
    assertThat(cell.exit().get()).isEqualTo(new ProcStatus.Killed(9, false));
  }

  @Test
  void ready_fails_when_the_proc_ends_first() {
    ProcStatusCell cell = new ProcStatusCell(PROC);
    cell.markRunning(Instant.now());
    cell.markExit(new ProcStatus.Stopped(3, ImmutableList.of("boom")));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> cell.ready().get());
    ReadyException ready = (ReadyException) e.getCause();
    assertThat(ready.kind()).isEqualTo(ReadyException.Kind.TERMINAL);
    assertThat(ready.status()).hasValue(new ProcStatus.Stopped(3, ImmutableList.of("boom")));
  }

  @Test
  void ready_is_not_reachable_from_stopping() {
    ProcStatusCell cell = new ProcStatusCell(PROC);
    cell.markStopping();
    assertThat(cell.markReady(ADDR, AGENT)).isFalse();
    assertThat(cell.ready().isDone()).isFalse();
  }

  @Test
  void exit_values_above_128_are_signals() {
    assertThat(ProcessProcHandle.classify(137, ImmutableList.of(), null))
        .isEqualTo(new ProcStatus.Killed(9, false));
    assertThat(ProcessProcHandle.classify(143, ImmutableList.of(), null))
        .isEqualTo(new ProcStatus.Killed(15, false));
    assertThat(ProcessProcHandle.classify(3, ImmutableList.of("x"), null))
        .isEqualTo(new ProcStatus.Stopped(3, ImmutableList.of("x")));
    assertThat(ProcessProcHandle.classify(128, ImmutableList.of(), null))
        .isEqualTo(new ProcStatus.Stopped(128, ImmutableList.of()));
    assertThat(ProcessProcHandle.classify(137, ImmutableList.of(), "bootstrap callback failed: x"))
        .isEqualTo(new ProcStatus.Failed("bootstrap callback failed: x"));
  }

  @Test
  void statuses_display_like_upstream() {
    assertThat(new ProcStatus.Killed(9, true).toString()).isEqualTo("Killed(sig=9, core)");
    assertThat(new ProcStatus.Stopped(7, ImmutableList.of()).toString())
        .isEqualTo("Stopped(exit=7)");
    assertThat(new ProcStatus.Failed("x").toString()).isEqualTo("Failed(x)");
    assertThat(new ProcStatus.Stopped(0, ImmutableList.of()).isExit()).isTrue();
    assertThat(new ProcStatus.Stopping(Instant.now()).isExit()).isFalse();
  }
}
