package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.ref.ActorRef;

/**
 * A comm actor's place in the comm tree of a root proc mesh: its own rank there, and the comm actor
 * of every rank. A comm actor routes nothing until it has one; what arrives before is buffered and
 * replayed in order.
 *
 * @param rank the comm actor's rank on the root proc mesh
 * @param peers the comm actor of every rank of the root proc mesh, this one's included
 */
record CommMeshConfig(int rank, ImmutableMap<Integer, ActorRef<CommMessage>> peers)
    implements CommMessage {
  CommMeshConfig {
    checkArgument(rank >= 0, "comm rank must be >= 0, got %s", rank);
    checkNotNull(peers, "peers");
    checkArgument(
        peers.containsKey(rank), "comm mesh config for rank %s does not name its own comm actor", rank);
  }

  /**
   * The comm actor of {@code rank}.
   *
   * @throws IllegalArgumentException when the root proc mesh has no such rank
   */
  ActorRef<CommMessage> peer(int rank) {
    ActorRef<CommMessage> peer = peers.get(rank);
    checkArgument(
        peer != null, "no comm actor for rank %s (the root proc mesh has %s)", rank, peers.size());
    return peer;
  }
}
