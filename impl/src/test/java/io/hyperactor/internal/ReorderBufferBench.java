package io.hyperactor.internal;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the reorder buffer on a send whose message arrives in order ({@link
 * ReorderBuffer#accept}), the case of every local sender: the session looked up, the number
 * checked against the next expected one, the item handed on.
 *
 * <p>{@code sessions} senders take turns, each numbering its own messages from 1; with one sender
 * the session is the buffer's own, with more the others are in its table. Run as {@link
 * SequencerBench} says, with {@code ReorderBufferBench} as the pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReorderBufferBench {
  @Param({"1", "8"})
  public int sessions;

  private ReorderBuffer buffer;
  private ReorderBuffer.Owner owner;
  private UUID[] ids;
  private long[] next;
  private int turn;
  private ReorderBuffer.Released out;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    buffer = new ReorderBuffer();
    owner =
        OwnedReorderBuffer.loggingOwner(
            new ProcId(new ChannelAddr.Local(0), "bench").actorId("receiver"));
    ids = new UUID[sessions];
    next = new long[sessions];
    for (int i = 0; i < sessions; i++) {
      ids[i] = UUID.randomUUID();
      next[i] = 1;
    }
    out = (item, sender) -> blackhole.consume(item);
  }

  /** One message, the next of its sender's session, as a local send hands it to the receiver. */
  @Benchmark
  public void acceptInOrder() {
    int s = turn;
    turn = s + 1 == sessions ? 0 : s + 1;
    buffer.accept(owner, new SeqInfo.Session(ids[s], next[s]++), this, null, out);
  }
}
