package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Region;
import org.jspecify.annotations.Nullable;

/**
 * Where a cast goes: a view of an actor mesh, the procs its actors run on, and the comm actor a
 * tree cast enters at.
 *
 * @param actorMeshId the display form of the actor mesh's id, sent as a header with every cast
 * @param actorName the name of the mesh's actor on every proc (its pid is 0)
 * @param region the view's region, in root proc mesh coordinates: its base ranks are the ranks of
 *     the comm actors
 * @param procs the proc of every view rank of {@code region}
 * @param rootComm the comm actor of the root proc mesh's first rank, or null when the proc mesh has
 *     no comm actors (casts then go point to point)
 */
record CastTarget(
    String actorMeshId,
    String actorName,
    Region region,
    ImmutableList<ProcId> procs,
    @Nullable ActorId rootComm) {
  CastTarget {
    checkNotNull(actorMeshId, "actorMeshId");
    checkNotNull(actorName, "actorName");
    checkNotNull(region, "region");
    checkNotNull(procs, "procs");
    checkArgument(
        procs.size() == region.numRanks(),
        "actor mesh %s over region %s has %s ranks, but %s procs were given",
        actorMeshId,
        region,
        region.numRanks(),
        procs.size());
  }

  /** The mesh's actor at view rank {@code rank}. */
  ActorId actor(int rank) {
    return procs.get(rank).actorId(actorName);
  }

  /** The handler port of the mesh's actor at view rank {@code rank}. */
  PortId actorPort(int rank) {
    return actor(rank).portId(PortId.HANDLER_INDEX);
  }
}
