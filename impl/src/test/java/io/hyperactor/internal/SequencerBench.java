package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of numbering one send ({@link Sequencer#assign}) when a sender spreads its messages
 * over many destinations, as in Savina's Big: the last-destination shortcut misses and the
 * counter table is searched on each send.
 *
 * <p>Destinations are actors on a TCP proc (the costliest address to hash and compare), reached
 * through the same id objects on every send, as a sender holding its peers' refs does. Run from
 * the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl impl -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/target/test-classpath.txt) \
 *     org.openjdk.jmh.Main SequencerBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SequencerBench {
  @Param({"2", "120", "10000"})
  public int destinations;

  private Sequencer sequencer;
  private PortId[] dests;

  /** A sender's own pseudo-random choice of destination, so threads do not share a generator. */
  @State(Scope.Thread)
  public static class Picker {
    private int x;

    @Setup(Level.Trial)
    public void seed() {
      x = (int) Thread.currentThread().threadId() * 0x9E3779B9 | 1;
    }

    int next(int bound) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x & Integer.MAX_VALUE) % bound;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    sequencer = new Sequencer(UUID.randomUUID());
    ProcId proc =
        new ProcId(new ChannelAddr.Tcp(new InetSocketAddress("127.0.0.1", 26600)), "bench");
    dests = new PortId[destinations];
    for (int i = 0; i < destinations; i++) {
      dests[i] = proc.actorId("big").childId(i).portId(PortId.HANDLER_INDEX);
    }
    for (PortId dest : dests) {
      sequencer.assign(dest);
    }
  }

  /** One sender numbering sends to random destinations. */
  @Benchmark
  public SeqInfo assignRandomDestination(Picker picker) {
    return sequencer.assign(dests[picker.next(destinations)]);
  }

  /** Two senders sharing the sequencer, as two threads of one client instance. */
  @Benchmark
  @Threads(2)
  public SeqInfo assignRandomDestinationTwoThreads(Picker picker) {
    return sequencer.assign(dests[picker.next(destinations)]);
  }
}
