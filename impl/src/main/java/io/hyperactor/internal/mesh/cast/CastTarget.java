package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Region;

/**
 * Where a cast goes: a view of an actor mesh, and the procs of the root proc mesh it lives on.
 *
 * @param actorMeshId the display form of the actor mesh's id, sent as a header with every cast
 * @param actorName the name of the mesh's actor on every proc (its pid is 0)
 * @param region the view's region, in root proc mesh coordinates: its base ranks are root ranks
 * @param rootProcs the procs of the root proc mesh, by root rank; each runs a {@link CommActor}
 */
record CastTarget(
    String actorMeshId, String actorName, Region region, ImmutableList<ProcId> rootProcs) {
  CastTarget {
    checkNotNull(actorMeshId, "actorMeshId");
    checkNotNull(actorName, "actorName");
    checkNotNull(region, "region");
    checkNotNull(rootProcs, "rootProcs");
    checkArgument(!rootProcs.isEmpty(), "a cast target needs at least one proc");
    for (int base : region.slice()) {
      checkArgument(
          base < rootProcs.size(),
          "region %s of actor mesh %s reaches rank %s, but its root proc mesh has %s procs",
          region,
          actorMeshId,
          base,
          rootProcs.size());
    }
  }

  /** The handler port of the mesh's actor at root rank {@code baseRank}. */
  PortId actorPort(int baseRank) {
    return actor(baseRank).portId(PortId.HANDLER_INDEX);
  }

  /** The mesh's actor at root rank {@code baseRank}. */
  ActorId actor(int baseRank) {
    return rootProcs.get(baseRank).actorId(actorName);
  }

  /** The root comm actor: the comm actor of root rank 0, where every tree cast starts. */
  ActorId rootComm() {
    return rootProcs.get(0).actorId(CommActor.NAME);
  }
}
