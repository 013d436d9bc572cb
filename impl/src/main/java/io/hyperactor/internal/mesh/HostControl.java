package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.HostMeshId;
import java.util.concurrent.CompletableFuture;

/** Drains and shuts down the hosts of a host mesh through their agents. */
final class HostControl {
  private HostControl() {}

  /** Drains every host (all procs), then shuts every host down. */
  static CompletableFuture<Void> shutdown(Instance<?> cx, HostMeshRefImpl hosts) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("host shutdown is not implemented yet"));
  }

  /** Stops, on every host, the procs spawned for host mesh {@code meshId}. */
  static CompletableFuture<Void> drain(Instance<?> cx, HostMeshRefImpl hosts, HostMeshId meshId) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("host drain is not implemented yet"));
  }
}
