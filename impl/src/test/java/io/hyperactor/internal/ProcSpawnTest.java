package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.TIMEOUT;
import static io.hyperactor.internal.TestSupport.await;
import static io.hyperactor.internal.TestSupport.proc;
import static io.hyperactor.internal.TestSupport.validateLink;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.internal.TestActor.Msg;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.supervision.ActorStatus;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcSpawnTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void testSpawnActor() throws Exception {
    try (LogCapture logs = LogCapture.of(ManagedInstance.class)) {
      Proc proc = proc();
      ClientInstance client = proc.instance("client");
      ActorHandle<Msg> handle = proc.spawn("test", new TestActor());
      assertThat(logs.messages())
          .contains(handle.actorId() + ": spawned with " + ManagedInstance.POOL_DESCRIPTION);

      assertThat(TestActor.reply(client, handle)).isTrue();
      handle.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);

      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      handle.send(new TestActor.Wait(entered, release));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      ActorStatus busy = handle.status();
      assertThat(busy).isInstanceOf(ActorStatus.Processing.class);
      assertThat(((ActorStatus.Processing) busy).since()).isAtMost(Instant.now());
      release.countDown();
      handle.cell().awaitStatus(s -> s instanceof ActorStatus.Idle, TIMEOUT);

      handle.drainAndStop("test");
      assertThat(await(handle)).isEqualTo(new ActorStatus.Stopped("test"));
    }
  }

  @Test
  void testProcActorsMessaging() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> first = proc.spawn("first", new TestActor());
    ActorHandle<Msg> second = proc.spawn("second", new TestActor());
    OncePortReceiver<Boolean> reply = client.openOncePort();
    first.send(client, new TestActor.Forward(second, new TestActor.Reply(reply.handle())));
    assertThat(reply.recv(TIMEOUT)).isTrue();
  }

  /** Answers whether a ref resolves to a live TestActor, from inside an actor. */
  static final class LookupTestActor implements Actor<LookupTestActor.ActorExists> {
    record ActorExists(ActorRef<Msg> ref, OncePortHandle<Boolean> reply) {}

    @Override
    public void handle(Context<ActorExists> cx, ActorExists m) {
      m.reply().send(m.ref().downcastHandle(cx, TestActor.class).isPresent());
    }
  }

  private static boolean exists(
      ClientInstance client, ActorHandle<LookupTestActor.ActorExists> lookup, ActorRef<Msg> ref)
      throws Exception {
    OncePortReceiver<Boolean> port = client.openOncePort();
    lookup.send(client, new LookupTestActor.ActorExists(ref, port.handle()));
    return port.recv(TIMEOUT);
  }

  @Test
  void testActorLookup() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> target = proc.spawn("target", new TestActor());
    ActorHandle<LookupTestActor.ActorExists> lookup =
        proc.spawn("lookup", new LookupTestActor());

    assertThat(exists(client, lookup, target.bind())).isTrue();
    assertThat(exists(client, lookup, ActorRef.attest(target.actorId().childId(123)))).isFalse();
    assertThat(exists(client, lookup, ActorRef.attest(lookup.actorId()))).isFalse();

    target.drainAndStop("done");
    await(target);
    assertThat(exists(client, lookup, target.bind())).isFalse();
  }

  @Test
  void testSpawnChild() throws Exception {
    try (LogCapture logs = LogCapture.of(ManagedInstance.class)) {
      Proc proc = proc();
      ClientInstance client = proc.instance("client");
      ActorHandle<Msg> first = proc.spawn("first", new TestActor());
      ActorHandle<Msg> second = TestActor.spawnChild(client, first);
      ActorHandle<Msg> third = TestActor.spawnChild(client, second);
      for (ActorHandle<Msg> h : java.util.List.of(first, second, third)) {
        assertThat(logs.messages().stream().anyMatch(m -> m.startsWith(h.actorId() + ": spawned with")))
            .isTrue();
      }

      assertThat(second.actorId()).isEqualTo(first.actorId().childId(1));
      assertThat(third.actorId()).isEqualTo(first.actorId().childId(2));
      validateLink(third.cell(), second.cell());
      validateLink(second.cell(), first.cell());
      assertThat(first.cell().parent()).isEmpty();

      third.drainAndStop("test");
      await(third);
      assertThat(third.cell().childCount()).isEqualTo(0);
      assertThat(second.cell().childCount()).isEqualTo(0);
      validateLink(second.cell(), first.cell());

      second.drainAndStop("test");
      await(second);
      assertThat(first.cell().childCount()).isEqualTo(0);

      first.drainAndStop("test");
      await(first);
      assertThat(first.cell().childCount()).isEqualTo(0);
    }
  }

  @Test
  void testChildLifecycle() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> root = proc.spawn("root", new TestActor());
    ActorHandle<Msg> root1 = TestActor.spawnChild(client, root);
    ActorHandle<Msg> root2 = TestActor.spawnChild(client, root);
    ActorHandle<Msg> root21 = TestActor.spawnChild(client, root2);

    root.drainAndStop("drain");
    assertThat(await(root)).isEqualTo(new ActorStatus.Stopped("drain"));
    for (ActorHandle<Msg> h : java.util.List.of(root1, root2, root21)) {
      assertThat(await(h)).isEqualTo(new ActorStatus.Stopped("parent stopping"));
      MailboxSenderException e =
          assertThrows(MailboxSenderException.class, () -> h.send(new TestActor.Noop()));
      assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.OWNER_TERMINATED);
    }
  }

  /** An actor with two kinds of message: one hands out its own port, one adds to a counter. */
  static final class MultiActor implements Actor<MultiActor.Multi> {
    sealed interface Multi permits GetPort, Add {}

    record GetPort(OncePortHandle<PortHandle<Multi>> reply) implements Multi {}

    record Add(long value) implements Multi {}

    final AtomicLong counter = new AtomicLong();

    @Override
    public void handle(Context<Multi> cx, Multi m) {
      switch (m) {
        case GetPort g -> g.reply().send(cx.port());
        case Add a -> counter.addAndGet(a.value());
      }
    }
  }

  @Test
  void testMultiHandler() throws Exception {
    Proc proc = proc();
    ClientInstance client = proc.instance("client");
    MultiActor actor = new MultiActor();
    ActorHandle<MultiActor.Multi> handle = proc.spawn("multi", actor);
    OncePortReceiver<PortHandle<MultiActor.Multi>> port = client.openOncePort();
    handle.send(client, new MultiActor.GetPort(port.handle()));
    PortHandle<MultiActor.Multi> its = port.recv(TIMEOUT);
    its.send(client, new MultiActor.Add(123));
    handle.drainAndStop("done");
    await(handle);
    assertThat(actor.counter.get()).isEqualTo(123);
  }

  /** Echoes text back over a serializable port reference. */
  static final class EchoActor implements Actor<EchoActor.Echo> {
    record Echo(String text, PortRef<String> reply) {}

    @Override
    public void handle(Context<Echo> cx, Echo m) {
      m.reply().send(cx, m.text());
    }
  }

  @Test
  void testInstance() throws Exception {
    Proc proc = proc();
    ClientInstance instance = proc.instance("my_test_actor");
    ActorHandle<EchoActor.Echo> child = instance.spawn(new EchoActor());
    PortReceiver<String> port = instance.openPort();
    child.send(instance, new EchoActor.Echo("hello", port.handle().bind()));
    assertThat(port.recv(TIMEOUT)).isEqualTo("hello");
    child.drainAndStop("done");
    await(child);

    ActorHandle<Void> handle = instance.handle();
    assertThat(handle.status()).isEqualTo(ActorStatus.CLIENT);
    instance.close();
    assertThat(handle.status()).isInstanceOf(ActorStatus.Stopped.class);
    assertThat(await(handle)).isEqualTo(new ActorStatus.Stopped("instance is dropped"));
  }
}
