package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ClientInstance;
import io.hyperactor.Instance;
import io.hyperactor.PortReceiver;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.Procs;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.SpawnProgressListener;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetRankStatus;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.WaitRankStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Spawns a proc mesh on a host mesh through the host agents.
 *
 * <p>For every host {@code h} and local rank {@code r} it asks host {@code h}'s agent to create
 * proc {@code <name>-<r>} with rank {@code h * perHost.numRanks() + r} and the caller's
 * propagating configuration, then waits, as long as statuses keep arriving ({@code
 * mesh_proc_spawn_max_idle}), until every proc runs or has failed. A failure stops every proc of
 * the mesh that did start, so nothing outlives a failed spawn.
 */
final class ProcMeshSpawn {
  private static final String DEFAULT_NAME = "unnamed";

  private ProcMeshSpawn() {}

  static CompletableFuture<ProcMesh> spawn(
      Instance<?> cx,
      HostMeshRefImpl hosts,
      String name,
      Extent perHost,
      SpawnProgressListener listener) {
    checkNotNull(cx, "cx");
    checkNotNull(name, "name");
    checkNotNull(perHost, "perHost");
    checkNotNull(listener, "listener");
    for (String label : perHost.labels()) {
      if (hosts.extent().labels().contains(label)) {
        return CompletableFuture.failedFuture(
            new MeshException(
                MeshException.Kind.CONFIGURATION,
                "per-host dimension '"
                    + label
                    + "' of "
                    + perHost
                    + " overlaps with the dimensions of host mesh "
                    + hosts.id()
                    + " "
                    + hosts.extent()
                    + " when spawning proc mesh '"
                    + name
                    + "'"));
      }
    }
    if (perHost.numRanks() == 0) {
      return CompletableFuture.failedFuture(
          new MeshException(
              MeshException.Kind.CONFIGURATION,
              "per-host extent " + perHost + " of proc mesh '" + name + "' has no ranks"));
    }
    return MeshTasks.run("spawn-procs", () -> spawnBlocking(cx, hosts, name, perHost, listener));
  }

  private static ProcMesh spawnBlocking(
      Instance<?> cx,
      HostMeshRefImpl hosts,
      String name,
      Extent perHost,
      SpawnProgressListener listener)
      throws InterruptedException {
    HyperactorConfig config = Procs.services(cx.proc()).config();
    ProcMeshId meshId = ProcMeshId.instance(name.isBlank() ? DEFAULT_NAME : name);
    Extent extent = hosts.extent().concat(perHost);
    Region region = extent.region();
    int perHostRanks = perHost.numRanks();
    ProcSpec spec = new ProcSpec(config.propagatingValues(), hosts.id().toString());
    Duration maxIdle = config.get(HyperactorAttrs.PROC_SPAWN_MAX_IDLE);

    ImmutableList.Builder<ProcRef> procs = ImmutableList.builder();
    List<ResourceId> ids = new ArrayList<>();
    Map<Long, Integer> viewRanks = new HashMap<>();
    try (ClientInstance sender = cx.child()) {
      // Collect returned requests from now on: one that comes back before the wait counts.
      sender.undeliverables();
      PortReceiver<StatusOverlay> port = sender.openPort(StatusOverlay.class);
      // The wait ends at the first satisfying status and closes the port; the answers still on
      // their way are dropped, not returned to the agents.
      PortRef<StatusOverlay> reply = port.handle().bind().withReturnUndeliverable(false);
      for (int h = 0; h < hosts.numRanks(); h++) {
        HostRef host = hosts.hosts().get(h);
        PortId agent = host.agentId().portId(PortId.HANDLER_INDEX);
        for (int r = 0; r < perHostRanks; r++) {
          int rank = perHostRanks * h + r;
          ResourceId id =
              ResourceId.instance(ResourceId.stripLabel(meshId.label() + "-" + r));
          ids.add(id);
          viewRanks.put((long) rank, rank);
          procs.add(new ProcRef(host.procId(id.toString()), rank));
          sender.post(agent, new CreateOrUpdate<>(id, Rank.of(rank), spec));
          sender.post(agent, new GetRankStatus(id, reply));
          sender.post(agent, new WaitRankStatus(id, Status.RUNNING, reply));
        }
      }
      StatusWait.Outcome outcome =
          new StatusWait(meshId.toString(), region, viewRanks, listener)
              .await(sender, port, s -> s.isAtLeast(Status.RUNNING), maxIdle);
      port.close();
      try {
        checkOutcome(sender, hosts, meshId, ids, perHostRanks, outcome, maxIdle);
      } catch (MeshException e) {
        stopAll(sender, hosts, ids, perHostRanks, "proc mesh " + meshId + " failed to spawn");
        throw e;
      }
    }
    ProcMeshRefImpl ref = ProcMeshRefImpl.created(meshId, region, procs.build(), hosts);
    ProcMeshRefImpl ready = Casting.commHook(cx).onProcMeshCreated(cx, ref).join();
    return ProcMeshImpl.supervised(ready, cx);
  }

  private static void checkOutcome(
      ClientInstance sender,
      HostMeshRefImpl hosts,
      ProcMeshId meshId,
      List<ResourceId> ids,
      int perHostRanks,
      StatusWait.Outcome outcome,
      Duration maxIdle)
      throws InterruptedException {
    if (outcome.returned() != null) {
      throw new MeshException(
          MeshException.Kind.HOST_AGENT_CONFIGURATION,
          "failed while creating proc mesh "
              + meshId
              + ": a request to host agent "
              + outcome.returned().envelope().dest().actorId()
              + " came back: "
              + outcome.returned().error(),
          outcome.statuses());
    }
    if (!outcome.complete()) {
      throw new MeshException(
          MeshException.Kind.PROC_SPAWN,
          "procs of mesh "
              + meshId
              + " did not all start: no status changed for "
              + maxIdle
              + " (mesh_proc_spawn_max_idle); statuses: "
              + outcome.withTimeouts(s -> s.isAtLeast(Status.RUNNING)),
          outcome.withTimeouts(s -> s.isAtLeast(Status.RUNNING)));
    }
    List<Status> statuses = outcome.statuses().values().toList();
    for (int rank = 0; rank < statuses.size(); rank++) {
      if (statuses.get(rank).isTerminating()) {
        int hostRank = rank / perHostRanks;
        HostRef host = hosts.hosts().get(hostRank);
        State<ProcState> state = stateOf(sender, host, ids.get(rank), statuses.get(rank), maxIdle);
        throw new MeshException(
            MeshException.Kind.PROC_CREATION,
            "error creating proc (host rank "
                + hostRank
                + ") on host mesh agent "
                + host.agentId()
                + ", state: "
                + state,
            outcome.statuses());
      }
    }
  }

  /** The host agent's state of a proc that failed; a synthesized one when the agent is silent. */
  private static State<ProcState> stateOf(
      ClientInstance sender, HostRef host, ResourceId id, Status status, Duration maxIdle)
      throws InterruptedException {
    PortReceiver<State<ProcState>> port = sender.openPort();
    try {
      sender.post(
          host.agentId().portId(PortId.HANDLER_INDEX),
          new GetState<ProcState>(id, port.handle().bind().withReturnUndeliverable(false)));
      return port.recv(maxIdle);
    } catch (TimeoutException e) {
      return new State<>(id, status, null, 0, java.time.Instant.now());
    } finally {
      port.close();
    }
  }

  private static void stopAll(
      ClientInstance sender,
      HostMeshRefImpl hosts,
      List<ResourceId> ids,
      int perHostRanks,
      String reason) {
    for (int rank = 0; rank < ids.size(); rank++) {
      HostRef host = hosts.hosts().get(rank / perHostRanks);
      sender.post(host.agentId().portId(PortId.HANDLER_INDEX), new Stop(ids.get(rank), reason));
    }
  }
}
