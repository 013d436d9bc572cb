package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** The failures a mesh records about itself. */
final class MeshFailures {
  private MeshFailures() {}

  /**
   * The whole-mesh failure an actor mesh records once it was stopped: {@code Stopped("mesh
   * stopped")}, or {@code Stopped("mesh stop failed: ...")} when the stop did not complete.
   */
  static MeshFailure stopped(Instance<?> owner, ActorMeshRefImpl<?> mesh, @Nullable Throwable error) {
    Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    String reason = cause == null ? "mesh stopped" : "mesh stop failed: " + cause.getMessage();
    ActorId subject = mesh.numRanks() > 0 ? mesh.actorId(0) : owner.selfId();
    return MeshFailure.wholeMesh(
        mesh.id().toString(),
        ActorSupervisionEvent.of(subject, mesh.id().toString(), new ActorStatus.Stopped(reason)));
  }
}
