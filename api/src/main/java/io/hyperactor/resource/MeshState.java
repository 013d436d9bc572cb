package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.ValueMesh;

/**
 * The state of a mesh resource: the status of every rank, and the mesh-specific state.
 *
 * @param statuses the status of each rank of the mesh
 * @param state the mesh-specific state
 * @param <S> the mesh-specific state type
 */
public record MeshState<S>(ValueMesh<Status> statuses, S state) {
  public MeshState {
    checkNotNull(statuses, "statuses");
    checkNotNull(state, "state");
  }
}
