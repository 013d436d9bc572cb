package io.hyperactor.internal.mesh.cast;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.mesh.ActorMeshRefImpl;
import io.hyperactor.internal.mesh.ProcMeshRefImpl;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.runtime.ActorSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An actor mesh of {@link CastTestActor}s on local procs of one actor system, with a comm actor on
 * every proc configured as a proc mesh's would be: the fixture of the casting unit tests, which
 * need the comm tree but no forked processes.
 */
final class LocalCommMesh implements AutoCloseable {
  final ActorSystem system;
  final ClientInstance client;
  final List<Proc> procs = new ArrayList<>();
  final List<ActorId> comms = new ArrayList<>();
  final ActorMeshRefImpl<CastTestActor.Msg> mesh;
  /** What the test actors forward. */
  final PortReceiver<CastTestActor.Msg> forwarded;

  /**
   * @param extent the proc mesh's extent
   * @param settings changes to the default configuration
   * @param configure whether to send the comm actors their configs
   */
  LocalCommMesh(Extent extent, Consumer<HyperactorConfig> settings, boolean configure) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    settings.accept(config);
    system = ActorSystem.builder().name("cast-test").config(config).build();
    client = system.client();
    Region region = extent.region();
    ActorMeshId meshId = ActorMeshId.instance("test");
    String actorName = meshId.resourceId().toString();
    forwarded = client.openPort();
    PortRef<CastTestActor.Msg> forwardPort = forwarded.handle().bind();
    ImmutableList.Builder<ProcRef> refs = ImmutableList.builder();
    for (int rank = 0; rank < region.numRanks(); rank++) {
      Proc proc = system.localProc("cast" + rank);
      procs.add(proc);
      refs.add(new ProcRef(proc.procId(), rank));
      comms.add(proc.spawn(CommActor.NAME, new CommActor()).bind().actorId());
      proc.spawn(actorName, new CastTestActor(forwardPort));
    }
    if (configure) {
      configureComms();
    }
    ProcMeshRefImpl procMesh =
        new ProcMeshRefImpl(
            ProcMeshId.instance("procs"), region, refs.build(), null, region, comms.get(0));
    mesh = new ActorMeshRefImpl<>(meshId, procMesh);
  }

  /** Sends every comm actor its rank and peers, as a new proc mesh does. */
  void configureComms() {
    ImmutableMap.Builder<Integer, ActorRef<CommMessage>> peers = ImmutableMap.builder();
    for (int rank = 0; rank < comms.size(); rank++) {
      peers.put(rank, ActorRef.attest(comms.get(rank)));
    }
    ImmutableMap<Integer, ActorRef<CommMessage>> all = peers.buildOrThrow();
    for (int rank = 0; rank < comms.size(); rank++) {
      client.post(comms.get(rank).portId(PortId.HANDLER_INDEX), new CommMeshConfig(rank, all));
    }
  }

  @Override
  public void close() {
    system.close();
  }
}
