package io.hyperactor.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the mesh rows over any {@link Fanout}, so every way of reaching a group of actors is
 * measured by the same code: each delivery is one small message (its sequence number) to every
 * actor of the group, and every actor acknowledges it to the driver with the same number. A
 * delivery is complete when all the group's acknowledgements have arrived.
 */
public final class MeshDriver {
  private MeshDriver() {}

  /** Receives the acknowledgements of the group's actors, on one thread at a time. */
  @FunctionalInterface
  public interface Listener {
    void onAck(long sequence);
  }

  /** One way of delivering a message to every actor of a group (a cast, or one send each). */
  public interface Fanout {
    /** How many actors acknowledge each delivery. */
    int actors();

    void setListener(Listener listener);

    /**
     * Sends message {@code sequence} to every actor of the group. The driver calls it from its own
     * thread and from the listener's, never from two at once.
     */
    void deliver(long sequence);
  }

  /**
   * Makes {@code deliveries} deliveries with at most {@code window} incomplete at once; returns
   * deliveries per second (each one message to every actor of the group).
   */
  public static double throughput(Fanout fanout, long deliveries, int window, long firstSequence)
      throws Exception {
    checkArgument(deliveries > 0 && window > 0, "deliveries (%s) and window (%s) must be positive",
        deliveries, window);
    AckTally tally = new AckTally(fanout.actors(), window);
    long end = firstSequence + deliveries;
    long[] next = {firstSequence};
    CompletableFuture<Void> done = new CompletableFuture<>();
    Object lock = new Object();
    fanout.setListener(sequence -> {
      synchronized (lock) {
        try {
          if (tally.ack(sequence)) {
            if (next[0] < end) {
              tally.expect(next[0]);
              fanout.deliver(next[0]++);
            } else if (tally.inFlight() == 0) {
              done.complete(null);
            }
          }
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      }
    });
    long start = System.nanoTime();
    synchronized (lock) {
      while (next[0] < end && next[0] - firstSequence < window) {
        tally.expect(next[0]);
        fanout.deliver(next[0]++);
      }
    }
    done.get(5, TimeUnit.MINUTES);
    return Measure.perSecond(deliveries, System.nanoTime() - start);
  }

  /**
   * The times of {@code samples} sequential deliveries, sorted, in nanos: each from the send until
   * the group's last acknowledgement, the next sent only then.
   */
  public static long[] latencies(Fanout fanout, int samples, long firstSequence) throws Exception {
    checkArgument(samples > 0, "samples must be positive, got %s", samples);
    AckTally tally = new AckTally(fanout.actors(), 1);
    long[] nanos = new long[samples];
    int[] taken = {0};
    long[] sentAt = {0};
    CompletableFuture<Void> done = new CompletableFuture<>();
    Object lock = new Object();
    fanout.setListener(sequence -> {
      synchronized (lock) {
        try {
          if (tally.ack(sequence)) {
            nanos[taken[0]++] = System.nanoTime() - sentAt[0];
            if (taken[0] == samples) {
              done.complete(null);
            } else {
              tally.expect(sequence + 1);
              sentAt[0] = System.nanoTime();
              fanout.deliver(sequence + 1);
            }
          }
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      }
    });
    synchronized (lock) {
      tally.expect(firstSequence);
      sentAt[0] = System.nanoTime();
      fanout.deliver(firstSequence);
    }
    done.get(5, TimeUnit.MINUTES);
    Arrays.sort(nanos);
    return nanos;
  }
}
