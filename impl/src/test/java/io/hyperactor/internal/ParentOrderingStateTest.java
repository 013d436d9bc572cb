package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.supervision.ActorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A parent's ordering state for its children (the counter numbering its messages to each, the
 * session of each one's messages to it) is forgotten as the children terminate, so a parent of
 * many short-lived children does not keep it for every child it ever had.
 */
class ParentOrderingStateTest {
  private static final int CHILDREN = 2_000;

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  sealed interface ParentMsg permits SpawnChildren, ChildDone {}

  record SpawnChildren(
      int count, CountDownLatch answers, CompletableFuture<List<ActorHandle<Hello>>> spawned)
      implements ParentMsg {}

  record ChildDone() implements ParentMsg {}

  record Hello() {}

  /** Spawns children and says hello to each; counts their answers. */
  private static final class Parent implements Actor<ParentMsg> {
    private CountDownLatch answers = new CountDownLatch(0);

    @Override
    public void handle(Context<ParentMsg> cx, ParentMsg msg) {
      switch (msg) {
        case SpawnChildren s -> {
          answers = s.answers();
          List<ActorHandle<Hello>> children = new ArrayList<>();
          for (int i = 0; i < s.count(); i++) {
            ActorHandle<Hello> child = cx.spawn(new Child(cx.handle()));
            child.send(cx, new Hello());
            children.add(child);
          }
          s.spawned().complete(children);
        }
        case ChildDone d -> answers.countDown();
      }
    }
  }

  /** Answers its parent's hello, then stops. */
  private static final class Child implements Actor<Hello> {
    private final ActorHandle<ParentMsg> parent;

    Child(ActorHandle<ParentMsg> parent) {
      this.parent = parent;
    }

    @Override
    public void handle(Context<Hello> cx, Hello hello) {
      parent.send(cx, new ChildDone());
      cx.stop("answered");
    }
  }

  @Test
  void aParentForgetsTheOrderingStateOfItsTerminatedChildren() throws Exception {
    Proc proc = TestSupport.proc();
    CountDownLatch answers = new CountDownLatch(CHILDREN);
    ActorHandle<ParentMsg> parent = proc.spawn("parent", new Parent());
    CompletableFuture<List<ActorHandle<Hello>>> spawned = new CompletableFuture<>();
    parent.send(new SpawnChildren(CHILDREN, answers, spawned));
    List<ActorHandle<Hello>> children = spawned.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(answers.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (ActorHandle<Hello> child : children) {
      assertThat(await(child)).isEqualTo(new ActorStatus.Stopped("answered"));
    }

    InstanceCell cell = (InstanceCell) parent.cell();
    // Each child was numbered once by the parent and answered once: without forgetting, the
    // parent's tables would hold an entry per child.
    assertThat(cell.sequencer().tableEntries()).isAtMost(4);
    assertThat(cell.task().reorderTableEntries()).isAtMost(4);

    // The parent goes on as before: new children hear from it and it hears from them.
    CountDownLatch more = new CountDownLatch(3);
    CompletableFuture<List<ActorHandle<Hello>>> again = new CompletableFuture<>();
    parent.send(new SpawnChildren(3, more, again));
    assertThat(more.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }
}
