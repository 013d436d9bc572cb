package io.hyperactor.internal;

import io.hyperactor.id.ActorId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** Runs an actor's cleanup on a helper thread and bounds its run time. */
final class BoundedCleanup {
  private BoundedCleanup() {}

  /** The cleanup body. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}; returns null on success, or the cleanup error (a throw, or not finishing
   * within {@code timeout}, after which the helper is interrupted).
   */
  static @Nullable ActorError run(ActorId owner, Duration timeout, Body body)
      throws InterruptedException {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Cleanup is a handler too: its log lines carry the actor's MDC entries (see ActorMdc).
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Thread t =
        ActorScheduler.INSTANCE.start(
            owner + "-cleanup",
            () -> {
              started.complete(null);
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              try {
                body.run();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            });
    try {
      // The bound is on cleanup's own run time, not on how long a busy carrier pool takes to
      // start it: with thousands of actors stopping at once the start can lag by seconds.
      started.get();
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return null;
    } catch (TimeoutException e) {
      t.interrupt();
      return ActorError.cleanup("cleanup did not finish within " + timeout, null);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      return ActorError.cleanup(
          c.getMessage() == null ? c.getClass().getName() : c.getMessage(), c);
    } catch (InterruptedException e) {
      t.interrupt();
      throw e;
    }
  }
}
