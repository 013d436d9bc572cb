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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-message cost of a local send between actors, from a sender's handler to the receiver's:
 * numbering, the type check, the reorder buffer, the queue, waking the receiver and its
 * activations (status, MDC, handler bookkeeping).
 *
 * <p>Each invocation asks {@code senders} sender actors for {@value #MESSAGES} messages in all,
 * in equal bursts, to one receiver, which counts them and completes the invocation's future at the
 * last; the figure is per message received. With one sender this is the plain send path; with
 * four, the receiver's queue has several producers and its activations handle long batches, as in
 * the local fan-in row of the benchmarks. Run as {@link SequencerBench} says, with {@code
 * LocalSendBench} as the pattern ({@code -p senders=4} for the fan-in alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalSendBench {
  static final int MESSAGES = 20_000;

  /** How many actors send to the receiver at once. */
  @Param({"1", "4"})
  public int senders;

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
  private final List<ActorHandle<Burst>> bursting = new ArrayList<>();
  private Burst burst;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    Proc proc = system.localProc("bench");
    receiver = proc.spawn("receiver", new Receiver());
    for (int i = 0; i < senders; i++) {
      bursting.add(proc.spawn("sender-" + i, new Sender()));
    }
    burst = new Burst(MESSAGES / senders, receiver);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }

  /** One message from a sender's handler to the receiver's. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void sendAndHandle() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Queued before the bursts are asked for, so the receiver has it before the first Data.
    receiver.send(new Expect(burst.count() * senders, done));
    for (ActorHandle<Burst> sender : bursting) {
      sender.send(burst);
    }
    done.get(1, TimeUnit.MINUTES);
  }
}
