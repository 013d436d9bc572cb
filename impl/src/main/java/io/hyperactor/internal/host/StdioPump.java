package io.hyperactor.internal.host;

import com.google.common.collect.ImmutableList;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one stdio stream of a child process: keeps the last {@code tailLines} non-empty lines and
 * optionally logs every line through SLF4J ({@link ChildOutputLog}).
 *
 * <p>The pump runs on its own daemon thread, which ends at the stream's EOF (the child exited, or
 * the manager closed the pipe). Lines longer than {@value #MAX_LINE_CHARS} characters are truncated
 * with {@value #TRUNCATED_SUFFIX}. Draining is required even when nothing is kept: a child that
 * fills an unread pipe blocks.
 */
final class StdioPump {
  private static final Logger log = LoggerFactory.getLogger(StdioPump.class);
  static final int MAX_LINE_CHARS = 4096;
  static final String TRUNCATED_SUFFIX = "... [TRUNCATED]";

  private final String name;
  private final int tailLines;
  // Set once more when a pool member is assigned its proc; read by the pump thread only.
  private volatile @Nullable ChildOutputLog forwardTo;
  private @Nullable ChildOutputLog bound;
  private final ArrayDeque<TailLine> tail = new ArrayDeque<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final @Nullable Runnable onPoolWaiting;
  // Read by the pump thread only: the member says it waits once; later equal lines are output.
  private boolean poolWaitingSeen;

  private StdioPump(
      String name,
      int tailLines,
      @Nullable ChildOutputLog forwardTo,
      @Nullable Runnable onPoolWaiting) {
    this.name = name;
    this.tailLines = tailLines;
    this.forwardTo = forwardTo;
    this.onPoolWaiting = onPoolWaiting;
  }

  /**
   * Starts draining {@code in}.
   *
   * @param name thread name, naming the child and stream
   * @param forwardTo where to log lines, or null to only keep the tail
   */
  static StdioPump start(
      String name, InputStream in, int tailLines, @Nullable ChildOutputLog forwardTo) {
    return start(name, in, tailLines, forwardTo, null);
  }

  /**
   * Starts draining {@code in}, the stdout of an idle pool member: its line {@link
   * BootstrapProtocol#POOL_WAITING_LINE} (the first one) runs {@code onPoolWaiting} and is
   * neither kept nor logged.
   */
  static StdioPump start(
      String name,
      InputStream in,
      int tailLines,
      @Nullable ChildOutputLog forwardTo,
      @Nullable Runnable onPoolWaiting) {
    StdioPump pump = new StdioPump(name, tailLines, forwardTo, onPoolWaiting);
    Thread thread = new Thread(() -> pump.run(in), name);
    thread.setDaemon(true);
    thread.start();
    return pump;
  }

  /**
   * Logs the lines read from now on through {@code log}: a pool member's output is tagged with
   * its proc once it has one.
   */
  void forwardTo(@Nullable ChildOutputLog log) {
    forwardTo = log;
  }

  private void run(InputStream in) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        accept(line);
      }
    } catch (IOException e) {
      // The pipe closes under us when the manager reaps the child; the tail so far stands.
      log.debug("{}: stdio pump ended: {}", name, e.toString());
    } finally {
      done.complete(null);
    }
  }

  private void accept(String raw) {
    if (onPoolWaiting != null
        && !poolWaitingSeen
        && raw.equals(BootstrapProtocol.POOL_WAITING_LINE)) {
      poolWaitingSeen = true;
      onPoolWaiting.run();
      return;
    }
    String line =
        raw.length() > MAX_LINE_CHARS ? raw.substring(0, MAX_LINE_CHARS) + TRUNCATED_SUFFIX : raw;
    ChildOutputLog target = forwardTo;
    if (target != null) {
      if (target != bound) {
        target.bindToCurrentThread();
        bound = target;
      }
      target.line(line);
    }
    if (tailLines > 0 && !line.isEmpty()) {
      synchronized (tail) {
        if (tail.size() == tailLines) {
          tail.removeFirst();
        }
        tail.addLast(new TailLine(System.nanoTime(), line));
      }
    }
  }

  /** Completes at the stream's EOF. */
  CompletableFuture<Void> done() {
    return done;
  }

  /** The last lines read, oldest first. */
  ImmutableList<String> tail() {
    synchronized (tail) {
      return tail.stream().map(TailLine::text).collect(ImmutableList.toImmutableList());
    }
  }

  /**
   * The last lines read, oldest first, each with when it was read, so that the tails of a child's
   * two streams can be merged in reading order.
   */
  ImmutableList<TailLine> timedTail() {
    synchronized (tail) {
      return ImmutableList.copyOf(tail);
    }
  }

  /**
   * One kept line.
   *
   * @param readNanos {@link System#nanoTime()} when the pump read it
   * @param text the line
   */
  record TailLine(long readNanos, String text) {}
}
