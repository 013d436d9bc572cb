package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.MeshFailure;

/**
 * The unhealthy event a mesh controller has latched: the last failure or stop it reported.
 *
 * <p>{@link StreamClosed} means the mesh (or a proc under it) stopped; {@link Crashed} means an
 * actor of the mesh terminated. The controller's {@code GetState} reports {@code Failed} for a
 * latched {@code Crashed} and {@code Stopped} for a latched {@code StreamClosed}.
 */
sealed interface Unhealthy permits Unhealthy.StreamClosed, Unhealthy.Crashed {

  /** The failure that was reported. */
  MeshFailure failure();

  /**
   * The mesh or one of its procs stopped.
   *
   * @param failure the event reported
   */
  record StreamClosed(MeshFailure failure) implements Unhealthy {
    public StreamClosed {
      checkNotNull(failure, "failure");
    }
  }

  /**
   * An actor of the mesh terminated.
   *
   * @param failure the event reported
   */
  record Crashed(MeshFailure failure) implements Unhealthy {
    public Crashed {
      checkNotNull(failure, "failure");
    }
  }
}
