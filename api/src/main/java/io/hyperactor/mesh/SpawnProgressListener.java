package io.hyperactor.mesh;

/**
 * Receives the progress of a mesh spawn: called with a new snapshot whenever the status of a rank
 * changes, in order, from the thread that waits for the spawn.
 *
 * <p>A command-line tool renders it as a progress line; a listener must return quickly and must not
 * block. An exception it throws is logged and does not fail the spawn.
 *
 * <pre>{@code
 * hosts.spawnProcs("workers", Extent.of("gpus", 4), p -> System.out.print("\r" + p));
 * }</pre>
 */
@FunctionalInterface
public interface SpawnProgressListener {
  /** A listener that ignores every snapshot. */
  SpawnProgressListener NONE = progress -> {};

  /** Called with the latest snapshot of the spawn. */
  void onProgress(SpawnProgress progress);
}
