package io.hyperactor.internal.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ReadyException;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status of one proc and its legal transitions.
 *
 * <p>Each {@code mark*} method returns whether it changed the status. Listeners are called in
 * transition order: a transition and its notification happen under the cell's lock, and listeners
 * must not block or take other locks. Terminal statuses are absorbing.
 */
final class ProcStatusCell {
  private static final Logger log = LoggerFactory.getLogger(ProcStatusCell.class);

  private final ProcId procId;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<ProcStatus> exit = new CompletableFuture<>();
  private final List<Consumer<ProcStatus>> listeners = new CopyOnWriteArrayList<>();
  private ProcStatus status = new ProcStatus.Starting();

  ProcStatusCell(ProcId procId) {
    this.procId = procId;
  }

  synchronized ProcStatus get() {
    return status;
  }

  /** Completes when the proc is first seen Ready; fails when it ends first. */
  CompletableFuture<Void> ready() {
    return ready.copy();
  }

  /** Completes with the first terminal status. */
  CompletableFuture<ProcStatus> exit() {
    return exit.copy();
  }

  AutoCloseable watch(Consumer<ProcStatus> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  synchronized boolean markRunning(Instant startedAt) {
    if (!(status instanceof ProcStatus.Starting)) {
      log.warn("{}: cannot mark running from {}", procId, status);
      return false;
    }
    return set(new ProcStatus.Running(startedAt));
  }

  synchronized boolean markReady(ChannelAddr addr, ActorRef<?> agent) {
    Instant startedAt;
    switch (status) {
      case ProcStatus.Starting s -> startedAt = Instant.now();
      case ProcStatus.Running r -> startedAt = r.startedAt();
      default -> {
        log.warn("{}: cannot mark ready from {}", procId, status);
        return false;
      }
    }
    set(new ProcStatus.Ready(startedAt, addr, agent));
    ready.complete(null);
    return true;
  }

  synchronized boolean markStopping() {
    Instant startedAt;
    switch (status) {
      case ProcStatus.Starting s -> startedAt = Instant.now();
      case ProcStatus.Running r -> startedAt = r.startedAt();
      case ProcStatus.Ready r -> startedAt = r.startedAt();
      default -> {
        return false;
      }
    }
    return set(new ProcStatus.Stopping(startedAt));
  }

  /** Moves to {@code terminal} unless the proc already ended. */
  synchronized boolean markExit(ProcStatus terminal) {
    if (status.isExit()) {
      log.warn("{}: already {}; ignoring {}", procId, status, terminal);
      return false;
    }
    set(terminal);
    if (!ready.isDone()) {
      ready.completeExceptionally(ReadyException.terminal(terminal));
    }
    exit.complete(terminal);
    return true;
  }

  private boolean set(ProcStatus next) {
    status = next;
    log.debug("{}: {}", procId, next);
    for (Consumer<ProcStatus> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("{}: status listener failed on {}", procId, next, e);
      }
    }
    return true;
  }
}
