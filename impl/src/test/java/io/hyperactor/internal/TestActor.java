package io.hyperactor.internal;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.OncePortHandle;
import io.hyperactor.OncePortReceiver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The seed tests' general-purpose actor. */
final class TestActor implements Actor<TestActor.Msg> {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  sealed interface Msg permits Reply, Wait, Forward, Noop, Fail, Panic, Spawn {}

  /** Replies with {@code true}. */
  record Reply(OncePortHandle<Boolean> reply) implements Msg {}

  /** Signals entry, then blocks until released. */
  record Wait(CountDownLatch entered, CountDownLatch release) implements Msg {}

  /** Re-sends {@code message} to {@code target} using this actor's context. */
  record Forward(ActorHandle<Msg> target, Msg message) implements Msg {}

  record Noop() implements Msg {}

  /** Fails the handler with a checked exception carrying {@code message}. */
  record Fail(String message) implements Msg {}

  /** Throws an unchecked exception (the Java counterpart of a panic). */
  record Panic(String message) implements Msg {}

  /** Spawns a child TestActor and replies with its handle. */
  record Spawn(OncePortHandle<ActorHandle<Msg>> reply) implements Msg {}

  @Override
  public void handle(Context<Msg> cx, Msg message) throws Exception {
    switch (message) {
      case Reply r -> r.reply().send(true);
      case Wait w -> {
        w.entered().countDown();
        w.release().await();
      }
      case Forward f -> f.target().send(cx, f.message());
      case Noop n -> {}
      case Fail f -> throw new Exception(f.message());
      case Panic p -> throw new IllegalStateException(p.message());
      case Spawn s -> s.reply().send(cx.spawn(new TestActor()));
    }
  }

  /** Asks {@code parent} to spawn a child and waits for its handle. */
  static ActorHandle<Msg> spawnChild(Instance<?> cx, ActorHandle<Msg> parent) throws Exception {
    OncePortReceiver<ActorHandle<Msg>> port = cx.openOncePort();
    parent.send(cx, new Spawn(port.handle()));
    return port.recv(TIMEOUT);
  }

  /** Round-trips a Reply. */
  static boolean reply(Instance<?> cx, ActorHandle<Msg> actor) throws Exception {
    OncePortReceiver<Boolean> port = cx.openOncePort();
    actor.send(cx, new Reply(port.handle()));
    return port.recv(TIMEOUT);
  }
}
