package io.hyperactor.benchmarks.pekko;

import com.typesafe.config.ConfigFactory;
import io.hyperactor.benchmarks.Measure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Local (one JVM) Pekko scenarios: ping-pong, windowed fan-in and mass spawn. Each call creates its
 * own ActorSystem with default settings and terminates it before returning.
 */
public final class PekkoLocal implements AutoCloseable {
  private final ActorSystem<Void> system;

  public PekkoLocal() {
    system = ActorSystem.create(Behaviors.empty(), "bench",
        ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
            .withFallback(ConfigFactory.load()));
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  // ---- ping-pong -------------------------------------------------------------------------------

  record Ball(long remaining, ActorRef<Ball> replyTo) {}

  private static Behavior<Ball> ponger() {
    return Behaviors.setup(ctx -> Behaviors.receiveMessage(ball -> {
      ball.replyTo().tell(new Ball(ball.remaining(), ctx.getSelf()));
      return Behaviors.same();
    }));
  }

  private static Behavior<Ball> pinger(CompletableFuture<Void> done) {
    return Behaviors.setup(ctx -> Behaviors.receiveMessage(ball -> {
      if (ball.remaining() == 0) {
        done.complete(null);
      } else {
        ball.replyTo().tell(new Ball(ball.remaining() - 1, ctx.getSelf()));
      }
      return Behaviors.same();
    }));
  }

  /** Messages per second between two actors exchanging {@code roundTrips} balls each way. */
  public double pingPong(long roundTrips, int run) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ActorRef<Ball> pong = system.systemActorOf(ponger(), "pong-" + run, Props.empty());
    ActorRef<Ball> ping = system.systemActorOf(pinger(done), "ping-" + run, Props.empty());
    long start = System.nanoTime();
    pong.tell(new Ball(roundTrips, ping));
    done.get(5, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    return 2.0 * roundTrips * 1e9 / nanos;
  }

  // ---- fan-in ----------------------------------------------------------------------------------

  sealed interface SenderMsg permits Start, Ack {}

  record Start() implements SenderMsg {}

  record Ack() implements SenderMsg {}

  /** The one message a sender sends, reused: the receiver acks by sender identity. */
  record Data(ActorRef<SenderMsg> from) {}

  private static Behavior<Data> fanInReceiver(int window, long total, CompletableFuture<Void> done) {
    return Behaviors.setup(ctx -> {
      java.util.Map<ActorRef<SenderMsg>, int[]> counts = new java.util.HashMap<>();
      long[] received = {0};
      Ack ack = new Ack();
      return Behaviors.receiveMessage(data -> {
        int[] count = counts.computeIfAbsent(data.from(), k -> new int[1]);
        if (++count[0] == window) {
          count[0] = 0;
          data.from().tell(ack);
        }
        if (++received[0] == total) {
          done.complete(null);
        }
        return Behaviors.same();
      });
    });
  }

  private static Behavior<SenderMsg> fanInSender(ActorRef<Data> receiver, int window, long messages) {
    return Behaviors.setup(ctx -> {
      Data data = new Data(ctx.getSelf());
      long[] sent = {0};
      return Behaviors.receiveMessage(msg -> {
        // Two windows in flight at first; each ack releases one more.
        int burst = msg instanceof Start ? 2 * window : window;
        for (int i = 0; i < burst && sent[0] < messages; i++, sent[0]++) {
          receiver.tell(data);
        }
        return Behaviors.same();
      });
    });
  }

  /** Messages per second into one receiver from {@code senders} windowed senders. */
  public double fanIn(int senders, long messagesPerSender, int window, int run) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ActorRef<Data> receiver = system.systemActorOf(
        fanInReceiver(window, senders * messagesPerSender, done), "sink-" + run, Props.empty());
    java.util.List<ActorRef<SenderMsg>> all = new java.util.ArrayList<>();
    for (int i = 0; i < senders; i++) {
      all.add(system.systemActorOf(
          fanInSender(receiver, window, messagesPerSender), "src-" + run + "-" + i, Props.empty()));
    }
    long start = System.nanoTime();
    Start go = new Start();
    all.forEach(s -> s.tell(go));
    done.get(5, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    return senders * messagesPerSender * 1e9 / nanos;
  }

  // ---- spawn -----------------------------------------------------------------------------------

  record Hello(ActorRef<Hello> replyTo) {}

  sealed interface ParentMsg permits SpawnAll, Child, StopAll {}

  record SpawnAll(int count, CompletableFuture<Void> allAnswered) implements ParentMsg {}

  record Child(Hello hello) implements ParentMsg {}

  record StopAll(CompletableFuture<Void> stopped) implements ParentMsg {}

  private static final Behavior<Hello> TRIVIAL = Behaviors.receiveMessage(hello -> {
    hello.replyTo().tell(hello);
    return Behaviors.same();
  });

  private static Behavior<ParentMsg> spawner() {
    return Behaviors.setup(ctx -> {
      ActorRef<Hello> adapter = ctx.messageAdapter(Hello.class, Child::new);
      int[] expected = {0};
      CompletableFuture<?>[] waiting = {null};
      return Behaviors.receive(ParentMsg.class)
          .onMessage(SpawnAll.class, m -> {
            expected[0] = m.count();
            waiting[0] = m.allAnswered();
            Hello hello = new Hello(adapter);
            for (int i = 0; i < m.count(); i++) {
              ctx.spawnAnonymous(TRIVIAL).tell(hello);
            }
            return Behaviors.same();
          })
          .onMessage(Child.class, m -> {
            if (--expected[0] == 0) {
              waiting[0].complete(null);
            }
            return Behaviors.same();
          })
          .onMessage(StopAll.class, m -> {
            ctx.getChildren().forEach(ctx::stop);
            m.stopped().complete(null);
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Result of a mass spawn: rate and retained heap per live actor. */
  public record SpawnResult(double actorsPerSecond, double bytesPerActor) {}

  /** Spawns {@code count} trivial actors, each answering one message; then stops them all. */
  public SpawnResult spawn(int count, int run) throws Exception {
    ActorRef<ParentMsg> parent = system.systemActorOf(spawner(), "parent-" + run, Props.empty());
    long heapBefore = Measure.retainedHeapBytes();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    long start = System.nanoTime();
    parent.tell(new SpawnAll(count, answered));
    answered.get(5, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    long heapAfter = Measure.retainedHeapBytes();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    parent.tell(new StopAll(stopped));
    stopped.get(1, TimeUnit.MINUTES);
    return new SpawnResult(count * 1e9 / nanos, (heapAfter - heapBefore) / (double) count);
  }

}
