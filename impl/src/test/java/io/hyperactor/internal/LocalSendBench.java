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
 * The per-message cost of a local send between two actors, from the sender's handler to the
 * receiver's: numbering, the type check, the reorder buffer, the queue, waking the receiver and
 * its activations (status, MDC, handler bookkeeping).
 *
 * <p>Each invocation asks a sender actor for a burst of {@value #BURST} messages to a receiver,
 * which counts them and completes the burst's future at the last; the figure is per message.
 * Run as {@link SequencerBench} says, with {@code LocalSendBench} as the pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalSendBench {
  static final int BURST = 10_000;

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
  private ActorHandle<Burst> sender;
  private Burst burst;

  @Setup(Level.Trial)
  public void setUp() {
    system = ActorSystem.create();
    Proc proc = system.localProc("bench");
    receiver = proc.spawn("receiver", new Receiver());
    sender = proc.spawn("sender", new Sender());
    burst = new Burst(BURST, receiver);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    system.close();
  }

  /** One message from the sender's handler to the receiver's. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public void sendAndHandle() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Queued before the burst is asked for, so the receiver has it before the first Data.
    receiver.send(new Expect(BURST, done));
    sender.send(burst);
    done.get(1, TimeUnit.MINUTES);
  }
}
