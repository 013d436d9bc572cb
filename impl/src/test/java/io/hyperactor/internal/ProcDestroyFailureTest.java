package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An actor failure with no supervision coordinator ends the process, and so does a child's failure
 * its parent can no longer receive, except while its proc is being destroyed: the destroy ends
 * every actor anyway, and exiting would end the JVM's other procs too.
 */
@Timeout(60)
class ProcDestroyFailureTest {

  /** Fails its cleanup; its handler fails on "fail". */
  private static final class Failing implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {
      if (message.equals("fail")) {
        throw new IllegalStateException("told to fail");
      }
    }

    @Override
    public void cleanup(Instance<String> self, @Nullable Throwable cause) {
      throw new IllegalStateException("cleanup broke");
    }
  }

  @Test
  void aFailureOutsideADestroyEndsTheProcess() throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (ActorSystem system = ActorSystem.builder().exitHook(exit::complete).build()) {
      Proc proc = system.localProc("failing");
      ActorHandle<String> actor = proc.spawn("failing", new Failing());
      actor.send(proc.instance("client"), "fail");
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void aFailureWhileTheProcIsDestroyedDoesNotEndTheProcess() throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (ActorSystem system = ActorSystem.builder().exitHook(exit::complete).build()) {
      Proc proc = system.localProc("destroyed");
      ActorHandle<String> actor = proc.spawn("failing", new Failing());
      proc.destroyAndWait(Duration.ofSeconds(10), "test");
      ActorStatus status = actor.termination().get(30, TimeUnit.SECONDS);
      // The failure happened, and was reported rather than ending the process.
      assertThat(status.isFailed()).isTrue();
      assertThat(status.toString()).contains("cleanup broke");
    }
    assertThat(exit.isDone()).isFalse();
  }

  @Test
  void aChildsFailureItsStoppedParentCannotReceiveEndsTheProcess() throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (ActorSystem system = ActorSystem.builder().exitHook(exit::complete).build()) {
      Proc proc = system.localProc("orphaning");
      ActorHandle<String> parent = proc.spawn("parent", new Quiet());
      InstanceCell cell = (InstanceCell) parent.cell();
      parent.drainAndStop("test");
      assertThat(parent.termination().get(30, TimeUnit.SECONDS).isFailed()).isFalse();

      cell.sendSupervisionEventOrCrash(childFailure(parent));

      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
  }

  @Test
  void aChildsFailureItsStoppedParentCannotReceiveDuringADestroyDoesNotEndTheProcess()
      throws Exception {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (ActorSystem system = ActorSystem.builder().exitHook(exit::complete).build()) {
      Proc proc = system.localProc("destroyed");
      ActorHandle<String> parent = proc.spawn("parent", new Quiet());
      InstanceCell cell = (InstanceCell) parent.cell();
      proc.destroyAndWait(Duration.ofSeconds(10), "test");
      // As when a child still initializing fails once the runtime's timers have closed.
      cell.sendSupervisionEventOrCrash(childFailure(parent));
    }
    assertThat(exit.isDone()).isFalse();
  }

  private static ActorSupervisionEvent childFailure(ActorHandle<String> parent) {
    return ActorSupervisionEvent.of(
        parent.actorId().childId(1),
        "child",
        new ActorStatus.Failed(ActorErrorKind.generic("boom")));
  }

  /** Does nothing and stops cleanly. */
  private static final class Quiet implements Actor<String> {
    @Override
    public void handle(Context<String> cx, String message) {}
  }
}
