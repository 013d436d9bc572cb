package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.Instance;
import io.hyperactor.SpawnKey;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.HostMeshRef;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcMeshRef;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The value behind {@link ProcMeshRef}: an id, a region, the proc at each view rank, where they
 * run, and how to cast to them.
 *
 * @param id the mesh's id
 * @param region the ranks this (possibly sliced) mesh covers
 * @param procs the proc at each view rank of {@code region}
 * @param hosts the host mesh the procs were spawned on, or null for procs without a host mesh
 * @param rootRegion the region of the mesh as spawned, kept through slicing
 * @param rootComm the comm actor of the mesh as spawned that a cast enters the comm tree at, or
 *     null while the mesh has no comm actors (casts then go point to point)
 */
public record ProcMeshRefImpl(
    ProcMeshId id,
    Region region,
    ImmutableList<ProcRef> procs,
    @Nullable HostMeshRefImpl hosts,
    Region rootRegion,
    @Nullable ActorId rootComm)
    implements ProcMeshRef {
  public ProcMeshRefImpl {
    checkNotNull(id, "id");
    checkNotNull(region, "region");
    checkNotNull(procs, "procs");
    checkNotNull(rootRegion, "rootRegion");
    if (procs.size() != region.numRanks()) {
      throw new IllegalArgumentException(
          "invalid rank cardinality of proc mesh "
              + id
              + ": region "
              + region
              + " has "
              + region.numRanks()
              + " ranks, but "
              + procs.size()
              + " procs were given");
    }
  }

  /** A mesh as spawned: its region is its root region, and it has no comm actors yet. */
  public static ProcMeshRefImpl created(
      ProcMeshId id, Region region, ImmutableList<ProcRef> procs, @Nullable HostMeshRefImpl hosts) {
    return new ProcMeshRefImpl(id, region, procs, hosts, region, null);
  }

  /** This mesh with {@code comm} as the comm actor casts enter the tree at. */
  public ProcMeshRefImpl withComm(ActorId comm) {
    return new ProcMeshRefImpl(id, region, procs, hosts, rootRegion, checkNotNull(comm, "comm"));
  }

  @Override
  public Optional<HostMeshRef> hostMesh() {
    return Optional.ofNullable(hosts);
  }

  @Override
  public Optional<ProcRef> get(int rank) {
    return rank >= 0 && rank < procs.size() ? Optional.of(procs.get(rank)) : Optional.empty();
  }

  @Override
  public ProcMeshRefImpl subset(Region sub) {
    List<Integer> ranks =
        region.remap(sub.requireSubsetOf(region)).orElseThrow(IllegalStateException::new);
    return new ProcMeshRefImpl(
        id,
        sub,
        ImmutableList.copyOf(ranks.stream().map(procs::get).toList()),
        hosts,
        rootRegion,
        rootComm);
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params) {
    return spawn(cx, name, key, params, SpawnProgressListener.NONE);
  }

  @Override
  public <M, P> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, P> key, P params, SpawnProgressListener listener) {
    return ActorMeshSpawn.spawn(cx, this, ActorMeshId.instance(name), key, params, listener);
  }

  @Override
  public <M> CompletableFuture<ActorMesh<M>> spawn(
      Instance<?> cx, String name, SpawnKey<M, Void> key) {
    return ActorMeshSpawn.spawn(
        cx, this, ActorMeshId.instance(name), key, null, SpawnProgressListener.NONE);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ActorState>>> actorStates(
      Instance<?> cx, ActorMeshId id) {
    return MeshStates.actorStates(cx, this, id);
  }

  @Override
  public CompletableFuture<ValueMesh<State<ProcState>>> procStates(Instance<?> cx) {
    return MeshStates.procStates(cx, this);
  }

  @Override
  public CompletableFuture<ValueMesh<Status>> stopActors(
      Instance<?> cx, ActorMeshId id, String reason) {
    return MeshStates.stopActors(cx, this, id, reason);
  }

  @Override
  public String toString() {
    return id + "{" + region + "}";
  }
}
