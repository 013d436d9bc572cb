package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.Proc;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.internal.TestSupport.Coordinator;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failure, propagation up the tree, the coordinator, and closed mailboxes. */
@Timeout(60)
class ProcSupervisionTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void testParentFailure() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> root = proc.spawn("root", new TestActor());
    ActorHandle<Msg> root1 = TestActor.spawnChild(client, root);
    ActorHandle<Msg> root2 = TestActor.spawnChild(client, root);
    ActorHandle<Msg> root21 = TestActor.spawnChild(client, root2);

    root2.send(new TestActor.Fail("some random failure"));
    ActorStatus root2Status = await(root2);
    assertThat(root2Status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(((ActorStatus.Failed) root2Status).error().toString())
        .isEqualTo("some random failure");
    ActorStatus rootStatus = await(root);
    assertThat(rootStatus).isInstanceOf(ActorStatus.Failed.class);
    assertThat(rootStatus.toString()).contains("some random failure");
    assertThat(await(root21)).isInstanceOf(ActorStatus.Stopped.class);
    assertThat(await(root1)).isInstanceOf(ActorStatus.Stopped.class);
  }

  @Test
  void testActorPanic() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Panic("some random failure"));
    ActorStatus status = await(handle);
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString()).contains("some random failure");
    // The stack trace of the throw site is part of the failure.
    assertThat(status.toString()).contains("at io.hyperactor.internal.TestActor.handle(TestActor.java");
  }

  /** An actor whose protocol is text; any text fails it. Supervision handling is configurable. */
  static final class Supervised implements Actor<String> {
    private final boolean handles;
    private final Set<String> handledBy;
    private final CountDownLatch handled;

    Supervised(boolean handles, Set<String> handledBy, CountDownLatch handled) {
      this.handles = handles;
      this.handledBy = handledBy;
      this.handled = handled;
    }

    @Override
    public void handle(Context<String> cx, String message) throws Exception {
      throw new Exception(message);
    }

    @Override
    public boolean handleSupervisionEvent(Instance<String> self, ActorSupervisionEvent event) {
      if (handles) {
        handledBy.add(self.selfId().toString());
        handled.countDown();
      }
      return handles;
    }
  }

  @Test
  void testLocalSupervisionPropagation() throws Exception {
    ProcImpl proc = (ProcImpl) proc();
    Coordinator coordinator = Coordinator.set(proc);
    Set<String> handledBy = ConcurrentHashMap.newKeySet();
    CountDownLatch root1Handled = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ActorHandle<String> root = proc.spawn("root", new Supervised(false, handledBy, never));
    ActorHandle<String> root1 =
        proc.spawnChild(cell(root), new Supervised(true, handledBy, root1Handled));
    ActorHandle<String> root11 =
        proc.spawnChild(cell(root1), new Supervised(false, handledBy, never));
    ActorHandle<String> root111 =
        proc.spawnChild(cell(root11), new Supervised(false, handledBy, never));
    ActorHandle<String> root2 = proc.spawnChild(cell(root), new Supervised(false, handledBy, never));
    ActorHandle<String> root21 =
        proc.spawnChild(cell(root2), new Supervised(false, handledBy, never));

    root111.send("fail root_1_1_1");
    assertThat(root1Handled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(await(root11)).isInstanceOf(ActorStatus.Failed.class);
    assertThat(root1.status().isTerminal()).isFalse();

    root21.send("fail root_2_1");
    assertThat(await(root)).isInstanceOf(ActorStatus.Failed.class);
    ActorSupervisionEvent event = coordinator.recv();
    assertThat(event.actorId()).isEqualTo(root21.actorId());
    assertThat(coordinator.last.get().actorId()).isEqualTo(root21.actorId());
    assertThat(handledBy).containsExactly(root1.actorId().toString());
    assertThat(await(root1)).isEqualTo(new ActorStatus.Stopped("parent stopping"));
  }

  private static InstanceCell cell(ActorHandle<?> handle) {
    return (InstanceCell) handle.cell();
  }

  @Test
  void testMailboxClosedWithOwnerStoppedReason() throws Exception {
    Proc proc = proc();
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.drainAndStop("healthy shutdown");
    await(handle);
    MailboxSenderException e =
        assertThrows(MailboxSenderException.class, () -> handle.send(new TestActor.Noop()));
    assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.OWNER_TERMINATED);
    assertThat(e.ownerStatus()).isEqualTo(new ActorStatus.Stopped("healthy shutdown"));
    assertThat(e).hasMessageThat().contains("terminated with status 'stopped: healthy shutdown'");
  }

  @Test
  void testMailboxClosedWithOwnerFailedReason() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Fail("intentional failure"));
    await(handle);
    MailboxSenderException e =
        assertThrows(MailboxSenderException.class, () -> handle.send(new TestActor.Noop()));
    assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.OWNER_TERMINATED);
    assertThat(e.ownerStatus()).isInstanceOf(ActorStatus.Failed.class);
    assertThat(((ActorStatus.Failed) e.ownerStatus()).error().message())
        .contains("intentional failure");
  }

  @Test
  void testSupervisionEventStoredOnFailure() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Fail("boom"));
    await(handle);
    ActorSupervisionEvent event = handle.cell().supervisionEvent().orElseThrow();
    assertThat(event.actorId()).isEqualTo(handle.actorId());
    assertThat(event.actorStatus()).isInstanceOf(ActorStatus.Failed.class);
    assertThat(event.actuallyFailingActor().actorId()).isEqualTo(handle.actorId());
  }

  @Test
  void testSupervisionEventOnCleanStop() throws Exception {
    Proc proc = proc();
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.drainAndStop("done");
    await(handle);
    ActorSupervisionEvent event = handle.cell().supervisionEvent().orElseThrow();
    assertThat(event.actorStatus()).isInstanceOf(ActorStatus.Stopped.class);
    assertThat(event.isError()).isFalse();
  }

  @Test
  void testSupervisionCoordinatorReceivesCleanStop() throws Exception {
    Proc proc = proc();
    Coordinator coordinator = Coordinator.set(proc);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.drainAndStop("done");
    await(handle);
    ActorSupervisionEvent event = coordinator.recv();
    assertThat(event.actorId()).isEqualTo(handle.actorId());
    assertThat(event.actorStatus()).isEqualTo(new ActorStatus.Stopped("done"));
    assertThat(event.isError()).isFalse();
  }

  @Test
  void testSupervisionEventOnPropagatedFailure() throws Exception {
    Proc proc = proc();
    Coordinator.set(proc);
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> parent = proc.spawn("parent", new TestActor());
    ActorHandle<Msg> child = TestActor.spawnChild(client, parent);
    child.send(new TestActor.Fail("child boom"));
    assertThat(await(parent)).isInstanceOf(ActorStatus.Failed.class);
    ActorSupervisionEvent event = parent.cell().supervisionEvent().orElseThrow();
    assertThat(event.actuallyFailingActor().actorId()).isEqualTo(child.actorId());
  }

  @Test
  void coordinatorCanBeSetOnlyOnce() {
    Proc proc = proc();
    Coordinator.set(proc);
    ActorHandle<ActorSupervisionEvent> other = proc.spawn("other", new Coordinator());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> proc.setSupervisionCoordinator(other.port()));
    assertThat(e).hasMessageThat().contains("coordinator port is already set to");
  }

  @Test
  void rootFailureWithoutCoordinatorCallsTheExitHook() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Integer> exits =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Proc proc = Procs.local(TestServices.shared(), "exits", exits::add);
    ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
    handle.send(new TestActor.Fail("nobody handles this"));
    await(handle);
    assertThat(exits.poll(30, TimeUnit.SECONDS)).isEqualTo(1);
    // A clean stop is not a reason to exit.
    ActorHandle<Msg> clean = proc.spawn("clean", new TestActor());
    clean.drainAndStop("fine");
    await(clean);
    assertThat(exits).isEmpty();
    assertThat(List.of(handle.status().isFailed(), clean.status().isFailed()))
        .containsExactly(true, false)
        .inOrder();
  }
}
