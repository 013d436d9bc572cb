package io.hyperactor.internal.mesh;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a mesh operation's wait on a virtual thread of its own, so the public API returns a future
 * and no caller blocks. Each wait is bounded by the operation's idle limits, so the thread always
 * ends.
 */
final class MeshTasks {
  private MeshTasks() {}

  /** The future of {@code work}, run on a new virtual thread named {@code name}. */
  static <T> CompletableFuture<T> run(String name, Callable<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("hyperactor-mesh-" + name)
        .start(
            () -> {
              try {
                future.complete(work.call());
              } catch (CompletionException e) {
                future.completeExceptionally(e.getCause() == null ? e : e.getCause());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.completeExceptionally(e);
              } catch (Throwable e) {
                future.completeExceptionally(e);
              }
            });
    return future;
  }
}
