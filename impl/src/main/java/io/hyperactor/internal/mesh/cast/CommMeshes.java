package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.CastSupport;
import io.hyperactor.internal.agent.AgentGateway;
import io.hyperactor.internal.agent.GatewayMessages.GatewayMsg;
import io.hyperactor.internal.agent.GatewayMessages.SpawnActor;
import io.hyperactor.internal.agent.SpawnedActor;
import io.hyperactor.internal.mesh.CommMeshHook;
import io.hyperactor.internal.mesh.ProcMeshRefImpl;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.Region;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Gives a new proc mesh its comm tree: one comm actor per proc, spawned through each proc's agent
 * gateway, then told its rank and its peers ({@link CommMeshConfig}). The mesh handed to its owner
 * names the comm actor of its first rank, where tree casts enter.
 *
 * <p>The configs are posted, not awaited: a cast that reaches a comm actor before its config is
 * buffered there and replayed in order once the config arrives.
 */
public final class CommMeshes implements CommMeshHook {
  /** The hook. */
  public static final CommMeshes HOOK = new CommMeshes();

  private CommMeshes() {}

  @Override
  public CompletableFuture<ProcMeshRefImpl> onProcMeshCreated(
      Instance<?> cx, ProcMeshRefImpl procs) {
    checkNotNull(cx, "cx");
    checkNotNull(procs, "procs");
    Region region = procs.region();
    int n = region.numRanks();
    if (n == 0) {
      return CompletableFuture.completedFuture(procs);
    }
    Duration timeout = CastSupport.config(cx.proc()).get(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE);
    List<CompletableFuture<ActorId>> spawned = new ArrayList<>(n);
    for (int rank = 0; rank < n; rank++) {
      spawned.add(spawn(cx, procs.procs().get(rank).procId(), timeout));
    }
    return CompletableFuture.allOf(spawned.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              ImmutableMap.Builder<Integer, ActorRef<CommMessage>> peers =
                  ImmutableMap.builderWithExpectedSize(n);
              List<ActorId> comms = new ArrayList<>(n);
              for (int rank = 0; rank < n; rank++) {
                ActorId comm = spawned.get(rank).join();
                comms.add(comm);
                peers.put(region.slice().get(rank), ActorRef.attest(comm));
              }
              ImmutableMap<Integer, ActorRef<CommMessage>> all = peers.buildOrThrow();
              for (int rank = 0; rank < n; rank++) {
                CastSupport.post(
                    cx,
                    comms.get(rank).portId(PortId.HANDLER_INDEX),
                    ImmutableMap.of(),
                    new CommMeshConfig(region.slice().get(rank), all));
              }
              return procs.withComm(comms.get(0));
            });
  }

  /** Spawns the comm actor on {@code proc} through its agent gateway. */
  private static CompletableFuture<ActorId> spawn(Instance<?> cx, ProcId proc, Duration timeout) {
    ActorRef<GatewayMsg> gateway = ActorRef.attest(proc.actorId(AgentGateway.NAME));
    return gateway
        .<SpawnedActor>ask(
            cx,
            reply ->
                new SpawnActor(
                    CommActor.NAME, CastCodecs.COMM_ACTOR.typeName(), new byte[0], 0, reply),
            timeout)
        .handle(
            (spawned, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause()
                        : error;
                throw new CompletionException(
                    new MeshException(
                        MeshException.Kind.PROC_SPAWN,
                        "could not start the comm actor on proc " + proc + ": " + cause,
                        cause));
              }
              if (!spawned.isRunning()) {
                throw new CompletionException(
                    new MeshException(
                        MeshException.Kind.PROC_SPAWN,
                        "the comm actor on proc " + proc + " did not start: " + spawned.status()));
              }
              return spawned.actorId();
            });
  }
}
