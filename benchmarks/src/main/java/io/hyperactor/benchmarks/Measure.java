package io.hyperactor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Arrays;

/** Small measuring helpers shared by every scenario. */
public final class Measure {
  private Measure() {}

  /** Something measured once: returns the figure of one run (a rate, a size...). */
  @FunctionalInterface
  public interface Run {
    double once() throws Exception;
  }

  /**
   * Runs {@code warmups} discarded runs, then {@code runs} measured ones, and returns the median:
   * robust against the odd GC pause or a noisy neighbour on a shared 2-core machine.
   */
  public static double median(int warmups, int runs, Run run) throws Exception {
    for (int i = 0; i < warmups; i++) {
      run.once();
    }
    double[] figures = new double[runs];
    for (int i = 0; i < runs; i++) {
      figures[i] = run.once();
    }
    Arrays.sort(figures);
    return figures[runs / 2];
  }

  /** The median of {@code figures} (sorted in place). */
  public static double median(double[] figures) {
    Arrays.sort(figures);
    return figures[figures.length / 2];
  }

  /** The medians of two runtimes' runs of one benchmark, taken in turns. */
  public record Medians(double ours, double pekko) {}

  /**
   * {@code warmups} discarded runs of each, more if they took less than {@code warmupMillis} in
   * all (a benchmark of a few milliseconds per run is not compiled yet after three), then {@code
   * runs} measured runs of each, the two taken in turns (Pekko first, then ours first, and so on),
   * and the medians. Taking them in turns rather than one runtime's runs after the other's lets
   * both meet the same machine: a shared virtual machine can slow cross-core traffic twofold for
   * seconds at a time (see {@link CoreToCore}); {@code machine} takes a reading of it before every
   * measured pair.
   */
  static Medians alternating(
      int warmups, long warmupMillis, int runs, Run ours, Run pekko, CoreToCore.Readings machine)
      throws Exception {
    long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000;
    for (int i = 0; i < warmups || System.nanoTime() < warmupEnd; i++) {
      pekko.once();
      ours.once();
    }
    double[] oursFigures = new double[runs];
    double[] pekkoFigures = new double[runs];
    for (int i = 0; i < runs; i++) {
      machine.take();
      if (i % 2 == 0) {
        pekkoFigures[i] = pekko.once();
        oursFigures[i] = ours.once();
      } else {
        oursFigures[i] = ours.once();
        pekkoFigures[i] = pekko.once();
      }
    }
    return new Medians(median(oursFigures), median(pekkoFigures));
  }

  /** Events per second for {@code events} that took {@code nanos}. */
  public static double perSecond(long events, long nanos) {
    return events * 1e9 / nanos;
  }

  /**
   * The heap's live bytes after three full collections: the retained size, not garbage. Read as
   * each heap pool's usage at the end of its last collection, not as the heap's current use:
   * threads that allocate between the collection and the reading take whole allocation buffers
   * from the young generation (megabytes each with a 2 GB heap), which the current use counts in
   * full, so that it read about 350, 458 or 565 B per actor in successive runs of the spawn row.
   */
  public static long retainedHeapBytes() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterCollection =
          pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterCollection != null) {
        live += afterCollection.getUsed();
      }
    }
    return live;
  }

  /** Percentile (0..100) of sorted nanosecond samples, in microseconds. */
  public static double percentileMicros(long[] sortedNanos, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
    index = Math.max(0, Math.min(sortedNanos.length - 1, index));
    return sortedNanos[index] / 1_000.0;
  }
}
