package io.hyperactor.internal;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.runtime.ActorSystem;
import java.util.ArrayList;
import java.util.List;
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
 * The per-message cost of a fan-in on a local proc: {@value #SENDERS} sender actors send to one
 * receiver at once, so the receiver's queue has several producers and its activations handle
 * long batches, as in the local fan-in row of the benchmarks.
 *
 * <p>Each invocation asks every sender for a burst of {@value #PER_SENDER} messages to the
 * receiver, which counts them and completes the invocation's future at the last; the figure is
 * per message received. Run as {@link SequencerBench} says, with {@code FanInBench} as the
 * pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanInBench {
  static final int SENDERS = 4;
  static final int PER_SENDER = 5_000;

  sealed interface Msg permits Data, Expect {}

  record Data() implements Msg {}

  record Expect(int count, CompletableFuture<Void> done) implements Msg {}

  record Burst(int count, ActorHandle<Msg> to) {}

  private static final class Receiver implements Actor<Msg> {
    private int left;
    private CompletableFuture<Void> done;

    @Override
    public void handle(Context<Msg> cx, Msg msg) {
      switch (msg) {
        case Expect e -> {
          left = e.count();
          done = e.done();
        }
        case Data d -> {
          if (--left == 0) {
            done.complete(null);
          }
        }
      }
    }
  }

  private static final class Sender implements Actor<Burst> {
    private final Data data = new Data();

    @Override
    public void handle(Context<Burst> cx, Burst burst) {
      for (int i = 0; i < burst.count(); i++) {
        burst.to().send(cx, data);
      }
    }
  }

  private ActorSystem system;
  private ActorHandle<Msg> receiver;
  private final List<ActorHandle<Burst>> senders = new ArrayList<>();
  private Burst burst;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    Proc proc = system.localProc("bench");
    receiver = proc.spawn("receiver", new Receiver());
    for (int i = 0; i < SENDERS; i++) {
      senders.add(proc.spawn("sender-" + i, new Sender()));
    }
    burst = new Burst(PER_SENDER, receiver);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }

  /** One message from one of the senders' handlers to the receiver's. */
  @Benchmark
  @OperationsPerInvocation(SENDERS * PER_SENDER)
  public void sendAndHandle() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Queued before the bursts are asked for, so the receiver has it before the first Data.
    receiver.send(new Expect(SENDERS * PER_SENDER, done));
    for (ActorHandle<Burst> sender : senders) {
      sender.send(burst);
    }
    done.get(1, TimeUnit.MINUTES);
  }
}
