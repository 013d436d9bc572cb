package io.hyperactor.internal.host;

import com.google.common.collect.ImmutableList;
import io.hyperactor.DestroyResult;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.TerminateException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.MailboxServer;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle of an in-JVM proc: ready as soon as it exists; terminate drains its actors and aborts
 * the rest at the deadline, kill aborts at once. An in-JVM proc always ends as {@code Stopped(0)}
 * (no process exits, no signal is sent); the destroy result is logged.
 */
final class LocalProcHandle<A> implements ProcHandle<A> {
  private static final Logger log = LoggerFactory.getLogger(LocalProcHandle.class);

  private final Proc proc;
  private final ChannelAddr addr;
  private final ActorRef<A> agent;
  private final MailboxServer server;
  private final Runnable closeLink;
  private final Duration flushTimeout;
  private final ProcStatusCell cell;
  private final AtomicReference<@Nullable CompletableFuture<ProcStatus>> stopping =
      new AtomicReference<>();

  LocalProcHandle(
      Proc proc,
      MailboxServer server,
      Runnable closeLink,
      ActorRef<A> agent,
      Duration flushTimeout) {
    this.proc = proc;
    this.addr = server.addr();
    this.agent = agent;
    this.server = server;
    this.closeLink = closeLink;
    this.flushTimeout = flushTimeout;
    this.cell = new ProcStatusCell(proc.procId());
    cell.markRunning(Instant.now());
    cell.markReady(addr, agent);
  }

  Proc proc() {
    return proc;
  }

  @Override
  public ProcId procId() {
    return proc.procId();
  }

  @Override
  public ProcStatus status() {
    return cell.get();
  }

  @Override
  public Optional<ChannelAddr> addr() {
    return Optional.of(addr);
  }

  @Override
  public Optional<ActorRef<A>> agentRef() {
    return Optional.of(agent);
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

  @Override
  public CompletableFuture<ProcStatus> terminate(Duration timeout, String reason) {
    return stop(timeout, reason);
  }

  @Override
  public CompletableFuture<ProcStatus> kill() {
    return stop(Duration.ZERO, "kill");
  }

  /** Destroys the proc on a virtual thread; concurrent callers share the first request. */
  CompletableFuture<ProcStatus> stop(Duration timeout, String reason) {
    ProcStatus now = cell.get();
    if (now.isExit()) {
      return CompletableFuture.failedFuture(TerminateException.alreadyTerminated(now));
    }
    CompletableFuture<ProcStatus> mine = new CompletableFuture<>();
    CompletableFuture<ProcStatus> existing = stopping.compareAndExchange(null, mine);
    if (existing != null) {
      return existing.copy();
    }
    cell.markStopping();
    Thread.ofVirtual()
        .name("hyperactor-destroy-" + proc.procId().name())
        .start(
            () -> {
              try {
                DestroyResult result = proc.destroyAndWait(timeout, null, reason);
                log.info("proc {} destroyed ({}): {}", proc.procId(), reason, result);
              } catch (RuntimeException e) {
                log.warn("destroying proc {} failed", proc.procId(), e);
              } finally {
                server.stop(flushTimeout);
                closeLink.run();
                cell.markExit(new ProcStatus.Stopped(0, ImmutableList.of()));
                mine.complete(cell.get());
              }
            });
    return mine.copy();
  }
}
