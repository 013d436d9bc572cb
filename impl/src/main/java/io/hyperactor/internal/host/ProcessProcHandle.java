package io.hyperactor.internal.host;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Rx;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.TerminateException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.bootstrap.BootstrapProtocol;
import io.hyperactor.ref.ActorRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of one child JVM: its status, fed by the callback and the exit monitor, and the
 * terminate and kill paths.
 *
 * <p>Exit classification: a Java {@link Process} reports death by signal N as exit value 128+N, so
 * a value in 129..192 becomes {@link ProcStatus.Killed} and anything else {@link
 * ProcStatus.Stopped}. A child that calls {@code System.exit(137)} itself is therefore reported as
 * killed by signal 9; children started by {@link io.hyperactor.internal.bootstrap.BootstrapMain}
 * exit only with 0, 1 or 2.
 *
 * <p>Signals go through {@link Process#toHandle()}: {@link Process#destroy()} would also close the
 * pipes, which the child reads as its parent's death and the stderr tail would lose its end.
 */
final class ProcessProcHandle implements ProcHandle<Object> {
  private static final Logger log = LoggerFactory.getLogger(ProcessProcHandle.class);
  private static final int SIGNAL_BASE = 128;
  private static final int MAX_SIGNAL = 64;
  // The pumps see EOF right after the exit; this only bounds a grandchild holding the pipes.
  private static final Duration PUMP_DRAIN = Duration.ofSeconds(2);

  private final ProcId procId;
  private final Process process;
  private final ProcStatusCell cell;
  private final Rx<String> callback;
  private final @Nullable StdioPump stdout;
  private final @Nullable StdioPump stderr;
  private final IntConsumer beforeExitReport;
  private final AtomicReference<@Nullable CompletableFuture<ProcStatus>> terminating =
      new AtomicReference<>();
  private volatile @Nullable String failure;

  ProcessProcHandle(
      ProcId procId,
      Process process,
      Rx<String> callback,
      @Nullable StdioPump stdout,
      @Nullable StdioPump stderr,
      IntConsumer beforeExitReport) {
    this.procId = procId;
    this.process = process;
    this.cell = new ProcStatusCell(procId);
    this.callback = callback;
    this.stdout = stdout;
    this.stderr = stderr;
    this.beforeExitReport = beforeExitReport;
  }

  /** Marks the child running and starts the exit monitor and the callback reader. */
  void start() {
    cell.markRunning(process.info().startInstant().orElse(Instant.now()));
    process.onExit().thenAccept(p -> onExit(p.exitValue()));
    Thread reader = new Thread(this::awaitCallback, "hyperactor-callback-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  private void awaitCallback() {
    try {
      String line = callback.recv();
      BootstrapProtocol.Ready ready = BootstrapProtocol.parseReady(line);
      if (cell.markReady(ready.addr(), ActorRef.attest(ready.agent()))) {
        log.info("proc {} (pid {}) ready at {}", procId, process.pid(), ready.addr());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalArgumentException e) {
      failure = "bootstrap callback failed: " + e.getMessage();
      log.error("proc {} (pid {}): {}; killing it", procId, process.pid(), failure);
      process.toHandle().destroyForcibly();
    } catch (RuntimeException e) {
      // The channel closes when the child exits first; the exit monitor reports that.
      log.debug("proc {}: callback channel closed: {}", procId, e.toString());
    } finally {
      callback.close();
    }
  }

  private void onExit(int exitValue) {
    callback.close();
    try {
      // Runs first, so whoever sees the exit status also sees what the exit left behind.
      beforeExitReport.accept(exitValue);
    } catch (RuntimeException e) {
      log.warn("proc {}: exit hook failed: {}", procId, e.toString());
    }
    ImmutableList<String> tail = ImmutableList.of();
    if (stderr != null) {
      try {
        stderr.done().get(PUMP_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("proc {}: stderr did not drain: {}", procId, e.toString());
      }
      tail = stderr.tail();
    }
    ProcStatus terminal = classify(exitValue, tail, failure);
    if (cell.markExit(terminal)) {
      log.info("proc {} (pid {}) exited: {}", procId, process.pid(), terminal);
    }
  }

  static ProcStatus classify(
      int exitValue, ImmutableList<String> stderrTail, @Nullable String failure) {
    if (failure != null) {
      return new ProcStatus.Failed(failure);
    }
    if (exitValue > SIGNAL_BASE && exitValue <= SIGNAL_BASE + MAX_SIGNAL) {
      return new ProcStatus.Killed(exitValue - SIGNAL_BASE, false);
    }
    return new ProcStatus.Stopped(exitValue, stderrTail);
  }

  @Override
  public ProcId procId() {
    return procId;
  }

  @Override
  public ProcStatus status() {
    return cell.get();
  }

  @Override
  public Optional<ChannelAddr> addr() {
    return cell.get() instanceof ProcStatus.Ready r ? Optional.of(r.addr()) : Optional.empty();
  }

  @Override
  @SuppressWarnings(
      "unchecked") // The agent of a bootstrapped proc is a ProcAgent: Object protocol.
  public Optional<ActorRef<Object>> agentRef() {
    return cell.get() instanceof ProcStatus.Ready r
        ? Optional.of((ActorRef<Object>) r.agent())
        : Optional.empty();
  }

  @Override
  public CompletableFuture<Void> ready() {
    return cell.ready();
  }

  @Override
  public CompletableFuture<ProcStatus> waitForExit() {
    return cell.exit();
  }

  @Override
  public AutoCloseable watch(Consumer<ProcStatus> listener) {
    return cell.watch(listener);
  }

  /** The stdout tail, for diagnostics. */
  ImmutableList<String> stdoutTail() {
    return stdout == null ? ImmutableList.of() : stdout.tail();
  }

  /**
   * The last {@code maxLines} lines of the child's stdout and stderr tails together, merged in the
   * order the pumps read them, oldest first.
   */
  ImmutableList<ProcLogs.Line> outputTail(int maxLines) {
    List<TaggedLine> merged = new ArrayList<>();
    if (stdout != null) {
      stdout.timedTail().forEach(l -> merged.add(new TaggedLine(ProcLogs.Stream.STDOUT, l)));
    }
    if (stderr != null) {
      stderr.timedTail().forEach(l -> merged.add(new TaggedLine(ProcLogs.Stream.STDERR, l)));
    }
    // Stable, so lines of one stream read in the same nanosecond keep their order.
    merged.sort(Comparator.comparingLong(t -> t.line().readNanos()));
    return merged.subList(Math.max(0, merged.size() - maxLines), merged.size()).stream()
        .map(t -> new ProcLogs.Line(t.stream(), t.line().text()))
        .collect(ImmutableList.toImmutableList());
  }

  private record TaggedLine(ProcLogs.Stream stream, StdioPump.TailLine line) {}

  @Override
  public CompletableFuture<ProcStatus> terminate(Duration timeout, String reason) {
    ProcStatus now = cell.get();
    if (now.isExit()) {
      return CompletableFuture.failedFuture(TerminateException.alreadyTerminated(now));
    }
    CompletableFuture<ProcStatus> mine = new CompletableFuture<>();
    CompletableFuture<ProcStatus> existing = terminating.compareAndExchange(null, mine);
    if (existing != null) {
      return existing.copy();
    }
    Thread.ofVirtual()
        .name("hyperactor-terminate-" + process.pid())
        .start(() -> runTerminate(now, timeout, reason, mine));
    return mine.copy();
  }

  /**
   * Polite stop, then SIGTERM, then SIGKILL, all within {@code timeout}: a ready child gets a stop
   * request and half the timeout to exit by itself, then SIGTERM; whatever is alive at the deadline
   * is killed. The result is what the exit monitor observed.
   */
  private void runTerminate(
      ProcStatus before, Duration timeout, String reason, CompletableFuture<ProcStatus> result) {
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      if (before instanceof ProcStatus.Ready) {
        requestStop(reason);
        if (awaitExitUntil(System.nanoTime() + timeout.toNanos() / 2)) {
          result.complete(cell.exit().join());
          return;
        }
      }
      cell.markStopping();
      log.info("proc {} (pid {}): sending SIGTERM ({})", procId, process.pid(), reason);
      process.toHandle().destroy();
      if (!awaitExitUntil(deadline)) {
        log.warn("proc {} (pid {}) still alive at the deadline; killing it", procId, process.pid());
        process.toHandle().destroyForcibly();
      }
      result.complete(cell.exit().join());
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new TerminateException(
              TerminateException.Kind.IO,
              "I/O error during terminate/kill: " + e.getMessage(),
              null,
              e));
    }
  }

  private boolean awaitExitUntil(long deadlineNanos) {
    long remaining = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      cell.exit().get(remaining, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** Writes a stop request to the child's stdin; a closed pipe means it is already exiting. */
  private void requestStop(String reason) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((BootstrapProtocol.encodeStop(reason) + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      log.debug("proc {}: stop request not written: {}", procId, e.toString());
    }
  }

  @Override
  public CompletableFuture<ProcStatus> kill() {
    ProcStatus now = cell.get();
    if (now.isExit()) {
      return CompletableFuture.failedFuture(TerminateException.alreadyTerminated(now));
    }
    log.info("proc {} (pid {}): sending SIGKILL", procId, process.pid());
    process.toHandle().destroyForcibly();
    return cell.exit();
  }

  /** Kills the child (if alive) and waits for it to be reaped, at most {@code timeout}. */
  void reap(Duration timeout) {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.error("proc {} (pid {}) not reaped within {}", procId, process.pid(), timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("proc {}: closing stdin: {}", procId, e.toString());
    }
    callback.close();
  }
}
