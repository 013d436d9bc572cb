package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure observed on an actor mesh: the supervision event, and the ranks it crashed.
 *
 * <p>An empty list of crashed ranks means the event concerns the whole mesh (the mesh was
 * stopped, its controller is unreachable), so {@link #containsRank} is true for every rank. The
 * display form is {@code failure on mesh "NAME" at ranks [a, b] with event: EVENT}, each of the
 * mesh and ranks segments left out when absent or empty.
 *
 * <pre>{@code
 * MeshFailure failure = new MeshFailure("training", event, List.of(3));
 * failure.toString();   // failure on mesh "training" at ranks [3] with event: ...
 * }</pre>
 *
 * @param actorMeshName the name of the mesh the failure was observed on, if known
 * @param event the supervision event
 * @param crashedRanks the crashed view ranks (kept as an immutable sorted list); empty for the
 *     whole mesh
 */
public record MeshFailure(
    @Nullable String actorMeshName,
    ActorSupervisionEvent event,
    List<Integer> crashedRanks) {
  public MeshFailure {
    checkNotNull(event, "event");
    crashedRanks = ImmutableList.sortedCopyOf(checkNotNull(crashedRanks, "crashedRanks"));
  }

  /** A failure of the whole mesh. */
  public static MeshFailure wholeMesh(@Nullable String actorMeshName, ActorSupervisionEvent event) {
    return new MeshFailure(actorMeshName, event, ImmutableList.of());
  }

  /** The mesh name, if known. */
  public Optional<String> meshName() {
    return Optional.ofNullable(actorMeshName);
  }

  /** True when {@code rank} crashed, or the failure concerns the whole mesh. */
  public boolean containsRank(int rank) {
    return crashedRanks.isEmpty() || crashedRanks.contains(rank);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("failure");
    if (actorMeshName != null) {
      b.append(" on mesh \"").append(actorMeshName).append('"');
    }
    if (!crashedRanks.isEmpty()) {
      b.append(" at ranks ").append(crashedRanks);
    }
    return b.append(" with event: ").append(event).toString();
  }
}
