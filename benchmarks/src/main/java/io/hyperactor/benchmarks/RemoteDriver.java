package io.hyperactor.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a two-JVM scenario over any {@link Link}, so both runtimes are measured by the same code:
 * windowed one-way throughput (the peer acks every {@code window} messages) and request/reply
 * round-trip latency (the peer echoes).
 */
public final class RemoteDriver {
  private RemoteDriver() {}

  /** Receives what the peer sends back: acks from its counter, replies from its echo. */
  @FunctionalInterface
  public interface Listener {
    void onReply(byte[] message);
  }

  /** A runtime's connection to the peer JVM. */
  public interface Link extends AutoCloseable {
    void setListener(Listener listener);

    void sendToCounter(byte[] message);

    void sendToEcho(byte[] message);
  }

  /**
   * Sends {@code messages} messages of {@code size} bytes with at most {@code windowsInFlight}
   * unacknowledged windows; returns messages per second.
   */
  public static double throughput(Link link, int size, long messages, int window, int windowsInFlight)
      throws Exception {
    checkArgument(messages % window == 0, "messages (%s) must be a multiple of the window (%s)", messages, window);
    long windows = messages / window;
    byte[] payload = new byte[size];
    AtomicLong windowsSent = new AtomicLong();
    AtomicLong acks = new AtomicLong();
    CompletableFuture<Void> done = new CompletableFuture<>();
    link.setListener(ack -> {
      if (acks.incrementAndGet() == windows) {
        done.complete(null);
      } else if (windowsSent.incrementAndGet() <= windows) {
        sendWindow(link, payload, window);
      }
    });
    long start = System.nanoTime();
    for (int i = 0; i < windowsInFlight && windowsSent.incrementAndGet() <= windows; i++) {
      sendWindow(link, payload, window);
    }
    done.get(5, TimeUnit.MINUTES);
    return Measure.perSecond(messages, System.nanoTime() - start);
  }

  private static void sendWindow(Link link, byte[] payload, int window) {
    for (int i = 0; i < window; i++) {
      link.sendToCounter(payload);
    }
  }

  /** Round-trip times of {@code samples} sequential requests of {@code size} bytes, sorted, in nanos. */
  public static long[] roundTrips(Link link, int size, int samples) throws Exception {
    byte[] payload = new byte[size];
    long[] nanos = new long[samples];
    int[] next = {0};
    long[] sentAt = {0};
    CompletableFuture<Void> done = new CompletableFuture<>();
    link.setListener(reply -> {
      nanos[next[0]++] = System.nanoTime() - sentAt[0];
      if (next[0] == samples) {
        done.complete(null);
      } else {
        sentAt[0] = System.nanoTime();
        link.sendToEcho(payload);
      }
    });
    sentAt[0] = System.nanoTime();
    link.sendToEcho(payload);
    done.get(5, TimeUnit.MINUTES);
    Arrays.sort(nanos);
    return nanos;
  }
}
