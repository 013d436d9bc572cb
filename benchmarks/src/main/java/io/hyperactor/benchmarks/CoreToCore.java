package io.hyperactor.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast two threads on this machine hand a cache line back and forth: the one figure that
 * every message between two workers depends on, with no runtime in it.
 *
 * <p>On the virtual machines these benchmarks run on, the figure is not a constant: it moves
 * between about 2 M and about 16 M round trips per second from one second to the next (the host
 * places the two virtual cores on cores that share a cache, or not), and a benchmark whose actors
 * talk across workers runs up to twice as long in the slow state. The runs record a reading
 * before each measured pair, so that a row can be read against the state it ran in.
 */
final class CoreToCore {
  private CoreToCore() {}

  private static volatile long token;
  private static volatile boolean stopped;

  /**
   * Round trips per second of a counter between this thread and a spinning partner over {@code
   * millis}: this thread makes it odd, the partner makes it even again.
   */
  static double roundTripsPerSecond(long millis) throws InterruptedException {
    stopped = false;
    Thread partner =
        Thread.ofPlatform()
            .name("core-to-core-partner")
            .start(
                () -> {
                  while (!stopped) {
                    long t = token;
                    if ((t & 1) == 1) {
                      token = t + 1;
                    }
                  }
                });
    try {
      long trips = 0;
      long start = System.nanoTime();
      long deadline = start + millis * 1_000_000;
      long now;
      do {
        for (int i = 0; i < 1_000; i++) {
          long t = token;
          token = t + 1;
          while (token != t + 2) {
            Thread.onSpinWait();
          }
        }
        trips += 1_000;
        now = System.nanoTime();
      } while (now < deadline);
      return Measure.perSecond(trips, now - start);
    } finally {
      stopped = true;
      partner.join();
    }
  }

  /** Readings taken over a run, for its summary rows and its log. */
  static final class Readings {
    private final List<Double> perSecond = new ArrayList<>();

    /** Takes one reading of 100 ms, keeps it and returns it. */
    double take() throws InterruptedException {
      if (perSecond.isEmpty()) {
        // The first reading would time the probe's own compilation.
        roundTripsPerSecond(100);
      }
      double r = roundTripsPerSecond(100);
      perSecond.add(r);
      return r;
    }

    boolean isEmpty() {
      return perSecond.isEmpty();
    }

    double min() {
      return perSecond.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max() {
      return perSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The readings since {@code from}, in millions per second, for the log. */
    String since(int from) {
      StringBuilder text = new StringBuilder();
      for (double r : perSecond.subList(from, perSecond.size())) {
        text.append(String.format(Locale.ROOT, " %.1f", r / 1e6));
      }
      return text.toString().trim();
    }

    int count() {
      return perSecond.size();
    }
  }
}
