package io.hyperactor.internal;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.runtime.ActorSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one hop between two local actors that answer each other one message at a time, as
 * in Savina's PingPong and ThreadRing: every message starts an activation of its own, so this
 * measures the activation's fixed costs (the wake-up, the status changes, the MDC) along with the
 * send, where {@link LocalSendBench} spreads them over a burst.
 *
 * <p>Each invocation hands a ball to one of the two players, which pass it back and forth
 * {@value #HOPS} times; the figure is per hop. Run as {@link SequencerBench} says, with {@code
 * LocalPingPongBench} as the pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalPingPongBench {
  static final int HOPS = 10_000;

  /** The ball: hops still to make, and whom to tell when none are left. */
  record Ball(int left, CompletableFuture<Void> done) {}

  private static final class Player implements Actor<Ball> {
    ActorHandle<Ball> other;

    @Override
    public void handle(Context<Ball> cx, Ball ball) {
      if (ball.left() == 0) {
        ball.done().complete(null);
      } else {
        other.send(cx, new Ball(ball.left() - 1, ball.done()));
      }
    }
  }

  private ActorSystem system;
  private ActorHandle<Ball> first;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    Proc proc = system.localProc("bench");
    Player a = new Player();
    Player b = new Player();
    first = proc.spawn("a", a);
    ActorHandle<Ball> second = proc.spawn("b", b);
    a.other = second;
    b.other = first;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }

  /** One message from a player's handler to the other's, which then answers. */
  @Benchmark
  @OperationsPerInvocation(HOPS)
  public void hop() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    first.send(new Ball(HOPS, done));
    done.get(1, TimeUnit.MINUTES);
  }
}
