package io.hyperactor.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A manager's handle to one spawned proc: observe its readiness and end, and stop it.
 *
 * <p>A proc (the runtime and its actors) is distinct from any OS process hosting it. Handles are
 * views: dropping one stops nothing. Every method is safe to call from many threads at once. {@link
 * #ready()} and {@link #waitForExit()} may be awaited by any number of callers and consume nothing.
 * {@link #terminate} and {@link #kill()} are idempotent: concurrent callers coalesce, the first
 * terminal outcome wins, and every caller (and {@link #waitForExit()}) sees that outcome. A handle
 * never invents a terminal status; it reports one only after observing it.
 *
 * @param <A> the message type of the proc's agent
 */
public interface ProcHandle<A> {

  /**
   * The operating-system process id of the proc's process, when the proc has one of its own (a
   * child JVM); empty for a proc that runs in the host's JVM.
   */
  default OptionalLong pid() {
    return OptionalLong.empty();
  }

  /** The proc's id. */
  ProcId procId();

  /** The current status. */
  ProcStatus status();

  /** The address the proc serves; present once the proc is ready. */
  Optional<ChannelAddr> addr();

  /** The proc's agent; present once the proc is ready. */
  Optional<ActorRef<A>> agentRef();

  /**
   * Completes when the proc is ready; fails with {@link ReadyException} ({@code TERMINAL}) when it
   * ends first.
   */
  CompletableFuture<Void> ready();

  /** Completes with the proc's terminal status ({@link ProcStatus#isExit()}). */
  CompletableFuture<ProcStatus> waitForExit();

  /**
   * Asks the proc to stop, escalating at {@code timeout}: managers that own an OS process signal it
   * and then kill it. Completes with the terminal status, or fails with {@link TerminateException}
   * ({@code ALREADY_TERMINATED} when the proc had ended before the call).
   */
  CompletableFuture<ProcStatus> terminate(Duration timeout, String reason);

  /**
   * Stops the proc at once (SIGKILL for a process, abort for an in-JVM proc). Completes with the
   * terminal status, or fails with {@link TerminateException}.
   */
  CompletableFuture<ProcStatus> kill();

  /**
   * Registers {@code listener} to receive every later status change, in order; returns a
   * registration whose {@code close} unregisters it.
   */
  AutoCloseable watch(Consumer<ProcStatus> listener);
}
