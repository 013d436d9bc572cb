package io.hyperactor.internal.mesh;

import io.hyperactor.mesh.MeshFailure;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a mesh controller sends its subscribers: a failure or stop of the mesh, or a heartbeat
 * (no failure) saying the controller is alive and saw nothing new.
 *
 * @param failure the failure or stop; null for a heartbeat
 */
public record SupervisionNotice(@Nullable MeshFailure failure) {

  /** A heartbeat. */
  public static SupervisionNotice heartbeat() {
    return new SupervisionNotice(null);
  }

  /** True for a heartbeat. */
  public boolean isHeartbeat() {
    return failure == null;
  }

  /** The failure, unless this is a heartbeat. */
  public Optional<MeshFailure> event() {
    return Optional.ofNullable(failure);
  }
}
