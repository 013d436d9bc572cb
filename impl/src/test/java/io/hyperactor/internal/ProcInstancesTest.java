package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.ActorInstance;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Signal;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.supervision.ActorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client flavours, inverted actor instances, status rules at run time, and per-sender order. */
@Timeout(60)
class ProcInstancesTest {

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void illegalStatusTransitionFailsLoudly() {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    client.close();
    InstanceCell cell = (InstanceCell) client.cell();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> cell.changeStatus(ActorStatus.IDLE));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("actor changing status illegally from 'stopped: instance is dropped' to 'idle'");
    // Re-asserting the same terminal status is allowed.
    cell.changeStatus(new ActorStatus.Stopped("instance is dropped"));
  }

  @Test
  void actorInstanceHandsItsReceiversToTheCaller() throws Exception {
    Proc proc = proc();
    ActorInstance<String> inverted = proc.actorInstance("inverted");
    assertThat(inverted.instance().status()).isEqualTo(ActorStatus.CLIENT);
    inverted.handle().send("work item");
    assertThat(inverted.work().recv(TIMEOUT)).isEqualTo("work item");
    assertThat(((InstanceCell) inverted.handle().cell()).signal(new Signal.Stop("now"))).isTrue();
    assertThat(inverted.signal().recv(TIMEOUT)).isEqualTo(new Signal.Stop("now"));

    ActorHandle<Msg> child = inverted.instance().spawn(new TestActor());
    child.drainAndStop("child done");
    await(child);
    assertThat(inverted.supervision().recv(TIMEOUT).actorId()).isEqualTo(child.actorId());
    inverted.instance().close();
    assertThat(inverted.handle().status())
        .isEqualTo(new ActorStatus.Stopped("instance is dropped"));
  }

  @Test
  void clientChildIsLinkedAndDoesNotDelayItsParentsStop() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> parent = proc.spawn("parent", new TestActor());
    AtomicReference<ClientInstance> childClient = new AtomicReference<>();
    ActorHandle<Msg> spawner =
        proc.spawn(
            "spawner",
            new Actor<Msg>() {
              @Override
              public void handle(Context<Msg> cx, Msg m) {
                if (m instanceof TestActor.Reply r) {
                  childClient.set(cx.child());
                  r.reply().send(true);
                }
              }
            });
    assertThat(TestActor.reply(client, spawner)).isTrue();
    ActorCell childCell = childClient.get().cell();
    assertThat(childCell.parent().map(ActorCell::actorId)).hasValue(spawner.actorId());
    assertThat(childCell.actorId()).isEqualTo(spawner.actorId().childId(1));
    spawner.drainAndStop("done");
    assertThat(await(spawner)).isEqualTo(new ActorStatus.Stopped("done"));
    assertThat(spawner.cell().childCount()).isEqualTo(0);
    parent.drainAndStop("done");
    await(parent);
  }

  @Test
  void spawnWithNameFromInsideAnActor() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<OncePortHandle<ActorId>> parent =
        proc.spawn(
            "parent",
            (Actor<OncePortHandle<ActorId>>)
                (cx, reply) -> reply.send(cx.spawnWithName("worker", new TestActor()).actorId()));
    OncePortReceiver<ActorId> reply = client.openOncePort();
    parent.send(reply.handle());
    ActorId worker = reply.recv(TIMEOUT);
    assertThat(worker.name()).isEqualTo("worker");
    assertThat(worker.pid()).isEqualTo(1);
    assertThat(proc.getInstance(worker).orElseThrow().parent().map(ActorCell::actorId))
        .hasValue(parent.actorId());
  }

  @Test
  void stopActorIsEmptyForUnknownIdsAndClients() {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    assertThat(proc.stopActor(client.selfId(), "x")).isEmpty();
    assertThat(proc.stopActor(new ActorId(proc.procId(), "ghost", 0), "x")).isEmpty();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> client.handle().drainAndStop("x"));
    assertThat(e).hasMessageThat().contains("it has no message loop");
  }

  /** Checks that each sender's numbers arrive in increasing order. */
  static final class OrderChecker implements Actor<int[]> {
    final int[] last;
    final AtomicReference<String> violation = new AtomicReference<>();
    final CountDownLatch done;

    OrderChecker(int senders, int total) {
      last = new int[senders];
      java.util.Arrays.fill(last, -1);
      done = new CountDownLatch(total);
    }

    @Override
    public void handle(Context<int[]> cx, int[] m) {
      if (m[1] != last[m[0]] + 1) {
        violation.compareAndSet(null, "sender " + m[0] + " sent " + m[1] + " after " + last[m[0]]);
      }
      last[m[0]] = m[1];
      done.countDown();
    }
  }

  @Test
  void messagesFromOneSenderArriveInOrderUnderConcurrency() throws Exception {
    Proc proc = proc();
    int senders = 4;
    int each = 5_000;
    OrderChecker checker = new OrderChecker(senders, senders * each);
    ActorHandle<int[]> handle = proc.spawn("checker", checker);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      ClientInstance client = proc.instance("sender_" + s);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      handle.send(client, new int[] {sender, i});
                    }
                  }));
    }
    for (Thread t : threads) {
      assertThat(t.join(TIMEOUT)).isTrue();
    }
    assertThat(checker.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(checker.violation.get()).isNull();
  }
}
