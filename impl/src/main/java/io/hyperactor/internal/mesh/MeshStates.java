package io.hyperactor.internal.mesh;

import io.hyperactor.Instance;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.util.concurrent.CompletableFuture;

/** Queries and stops the procs and actors of a mesh through their agents. */
final class MeshStates {
  private MeshStates() {}

  static CompletableFuture<ValueMesh<State<ActorState>>> actorStates(
      Instance<?> cx, ProcMeshRefImpl procs, ActorMeshId id) {
    return notYet("actor states");
  }

  static CompletableFuture<ValueMesh<State<ProcState>>> procStates(
      Instance<?> cx, ProcMeshRefImpl procs) {
    return notYet("proc states");
  }

  static CompletableFuture<ValueMesh<Status>> stopActors(
      Instance<?> cx, ProcMeshRefImpl procs, ActorMeshId id, String reason) {
    return notYet("stopping actors");
  }

  static CompletableFuture<ValueMesh<Status>> stopProcs(
      Instance<?> cx, ProcMeshRefImpl procs, String reason) {
    return notYet("stopping procs");
  }

  private static <T> CompletableFuture<T> notYet(String what) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(what + " is not implemented yet"));
  }
}
