package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.Proc;
import io.hyperactor.benchmarks.Measure;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Local (one proc) Hyperactor scenarios: ping-pong, windowed fan-in and mass spawn. The message
 * shapes and the allocations per message match {@code PekkoLocal}'s, so the two are comparable.
 * Each instance owns one local proc and destroys it on close.
 */
public final class HyperactorLocal implements AutoCloseable {
  private final ActorSystem system = ActorSystem.create();
  private final Proc proc = system.localProc("bench");

  @Override
  public void close() {
    system.close();
  }

  // ---- ping-pong -------------------------------------------------------------------------------

  record Ball(long remaining, ActorHandle<Ball> replyTo) {}

  private static final class Ponger implements Actor<Ball> {
    @Override
    public void handle(Context<Ball> cx, Ball ball) {
      ball.replyTo().send(cx, new Ball(ball.remaining(), cx.handle()));
    }
  }

  private static final class Pinger implements Actor<Ball> {
    private final CompletableFuture<Void> done;

    Pinger(CompletableFuture<Void> done) {
      this.done = done;
    }

    @Override
    public void handle(Context<Ball> cx, Ball ball) {
      if (ball.remaining() == 0) {
        done.complete(null);
      } else {
        ball.replyTo().send(cx, new Ball(ball.remaining() - 1, cx.handle()));
      }
    }
  }

  /** Messages per second between two actors exchanging {@code roundTrips} balls each way. */
  public double pingPong(long roundTrips, int run) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ActorHandle<Ball> pong = proc.spawn("pong-" + run, new Ponger());
    ActorHandle<Ball> ping = proc.spawn("ping-" + run, new Pinger(done));
    long start = System.nanoTime();
    pong.send(new Ball(roundTrips, ping));
    done.get(5, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    stopAll(List.of(ping, pong));
    return 2.0 * roundTrips * 1e9 / nanos;
  }

  // ---- fan-in ----------------------------------------------------------------------------------

  sealed interface SenderMsg permits Start, Ack {}

  record Start() implements SenderMsg {}

  record Ack() implements SenderMsg {}

  /** The one message a sender sends, reused: the receiver acks by sender identity. */
  record Data(ActorHandle<SenderMsg> from) {}

  private static final class FanInReceiver implements Actor<Data> {
    private final Map<ActorHandle<SenderMsg>, int[]> counts = new HashMap<>();
    private final Ack ack = new Ack();
    private final int window;
    private final long total;
    private final CompletableFuture<Void> done;
    private long received;

    FanInReceiver(int window, long total, CompletableFuture<Void> done) {
      this.window = window;
      this.total = total;
      this.done = done;
    }

    @Override
    public void handle(Context<Data> cx, Data data) {
      int[] count = counts.computeIfAbsent(data.from(), k -> new int[1]);
      if (++count[0] == window) {
        count[0] = 0;
        data.from().send(cx, ack);
      }
      if (++received == total) {
        done.complete(null);
      }
    }
  }

  private static final class FanInSender implements Actor<SenderMsg> {
    private final ActorHandle<Data> receiver;
    private final int window;
    private final long messages;
    private @Nullable Data data;
    private long sent;

    FanInSender(ActorHandle<Data> receiver, int window, long messages) {
      this.receiver = receiver;
      this.window = window;
      this.messages = messages;
    }

    @Override
    public void init(Instance<SenderMsg> self) {
      data = new Data(self.handle());
    }

    @Override
    public void handle(Context<SenderMsg> cx, SenderMsg msg) {
      // Two windows in flight at first; each ack releases one more.
      int burst = msg instanceof Start ? 2 * window : window;
      Data d = data;
      for (int i = 0; i < burst && sent < messages; i++, sent++) {
        receiver.send(cx, d);
      }
    }
  }

  /** Messages per second into one receiver from {@code senders} windowed senders. */
  public double fanIn(int senders, long messagesPerSender, int window, int run) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ActorHandle<Data> receiver =
        proc.spawn("sink-" + run, new FanInReceiver(window, senders * messagesPerSender, done));
    List<ActorHandle<?>> all = new ArrayList<>();
    all.add(receiver);
    List<ActorHandle<SenderMsg>> sources = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      sources.add(
          proc.spawn("src-" + run + "-" + i, new FanInSender(receiver, window, messagesPerSender)));
    }
    all.addAll(sources);
    long start = System.nanoTime();
    Start go = new Start();
    sources.forEach(s -> s.send(go));
    done.get(5, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    stopAll(all);
    return senders * messagesPerSender * 1e9 / nanos;
  }

  // ---- spawn -----------------------------------------------------------------------------------

  sealed interface ParentMsg permits SpawnAll, Child {}

  record SpawnAll(int count, CompletableFuture<Void> allAnswered) implements ParentMsg {}

  /** What a child answers; Pekko's message adapter allocates the same wrapper per answer. */
  record Child(Hello hello) implements ParentMsg {}

  record Hello(ActorHandle<ParentMsg> replyTo) {}

  private static final class Trivial implements Actor<Hello> {
    @Override
    public void handle(Context<Hello> cx, Hello hello) {
      hello.replyTo().send(cx, new Child(hello));
    }
  }

  private static final class Spawner implements Actor<ParentMsg> {
    private int expected;
    private @Nullable CompletableFuture<Void> waiting;

    @Override
    public void handle(Context<ParentMsg> cx, ParentMsg msg) {
      switch (msg) {
        case SpawnAll m -> {
          expected = m.count();
          waiting = m.allAnswered();
          Hello hello = new Hello(cx.handle());
          for (int i = 0; i < m.count(); i++) {
            cx.spawn(new Trivial()).send(cx, hello);
          }
        }
        case Child c -> {
          if (--expected == 0 && waiting != null) {
            waiting.complete(null);
          }
        }
      }
    }
  }

  /** Result of a mass spawn: rate and retained heap per live actor. */
  public record SpawnResult(double actorsPerSecond, double bytesPerActor) {}

  /**
   * Spawns {@code count} trivial actors under one parent, each answering one message; then stops
   * the parent, which stops them all.
   */
  public SpawnResult spawn(int count, int run) throws Exception {
    // A proc of its own: what earlier runs left behind (terminated actors' snapshots and registry
    // tombstones) is not freed during this run, which would make the heap delta read low.
    Proc spawnProc = system.localProc("spawn-" + run);
    try {
      ActorHandle<ParentMsg> parent = spawnProc.spawn("parent-" + run, new Spawner());
      long heapBefore = Measure.retainedHeapBytes();
      CompletableFuture<Void> answered = new CompletableFuture<>();
      long start = System.nanoTime();
      parent.send(new SpawnAll(count, answered));
      answered.get(5, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      long heapAfter = Measure.retainedHeapBytes();
      stopAll(List.of(parent));
      return new SpawnResult(count * 1e9 / nanos, (heapAfter - heapBefore) / (double) count);
    } finally {
      spawnProc.destroyAndWait(Duration.ofSeconds(30), "spawn run finished");
    }
  }

  private static void stopAll(List<? extends ActorHandle<?>> handles) throws Exception {
    for (ActorHandle<?> h : handles) {
      h.drainAndStop("benchmark run finished");
    }
    for (ActorHandle<?> h : handles) {
      h.termination().get(5, TimeUnit.MINUTES);
    }
  }
}
