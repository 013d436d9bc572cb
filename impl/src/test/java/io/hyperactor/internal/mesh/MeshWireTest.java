package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.mesh.ActorMeshId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMeshId;
import io.hyperactor.mesh.ProcRef;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.resource.WaitRankStatus;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mesh values and messages survive the wire, as every actor system registers them. */
class MeshWireTest {
  private final CodecRegistry codecs =
      MeshCodecs.register(ProcAgentCodecs.register(CodecRegistry.builder())).build();

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    return (T) codecs.decode(codecs.typeNameOf(value), codecs.encode(value));
  }

  @Test
  void procLogsRequestAndRepliesRoundTrip() {
    ProcId procId = new ProcId(ChannelAddr.parse("tcp:127.0.0.1:1"), "worker");
    HostAgentMessage.GetProcLogs request =
        new HostAgentMessage.GetProcLogs(
            procId, 200, new OncePortRef<>(procId.actorId("client").portId(9)));
    HostAgentMessage.ProcLogsReply lines =
        HostAgentMessage.ProcLogsReply.of(
            new ProcLogs(
                procId,
                List.of(
                    new ProcLogs.Line(ProcLogs.Stream.STDOUT, "started"),
                    new ProcLogs.Line(ProcLogs.Stream.STDERR, "warning: x"))));
    HostAgentMessage.ProcLogsReply refused =
        HostAgentMessage.ProcLogsReply.refused(
            ProcDiagnosticsException.Reason.NO_OUTPUT, "an in-JVM proc");

    assertThat(roundTrip(request)).isEqualTo(request);
    assertThat(roundTrip(lines)).isEqualTo(lines);
    assertThat(roundTrip(refused)).isEqualTo(refused);
  }

  @Test
  void testStateSerializeAndDeserializeWithBincode() {
    Region region = Extent.of("x", 5).region();
    MeshState<Integer> data =
        new MeshState<>(ValueMesh.of(region, Collections.nCopies(5, Status.RUNNING)), 0);
    MeshState<Integer> decoded = roundTrip(data);
    assertThat(decoded.state()).isEqualTo(data.state());
    assertThat(decoded.statuses()).isEqualTo(data.statuses());
  }

  @Test
  void testResourceIdSerdeRoundtrip() {
    List<ResourceId> cases =
        List.of(
            ResourceId.singleton("local"),
            ResourceId.instance(0xabcdef, "workers"),
            ResourceId.instance(0xabcdef, null),
            // Its display form would read back as a singleton; the wire form keeps it an instance.
            ResourceId.instance(1, "short"));
    for (ResourceId id : cases) {
      ResourceId parsed = roundTrip(id);
      assertThat(parsed).isEqualTo(id);
      assertThat(parsed.label()).isEqualTo(id.label());
      assertThat(parsed.isSingleton()).isEqualTo(id.isSingleton());
    }
  }

  @Test
  void meshReferencesRoundTrip() {
    HostMeshRefImpl hosts =
        HostMeshRefImpl.of(
            HostMeshId.instance("hosts"),
            List.of(new HostRef(ChannelAddr.parse("tcp:127.0.0.1:1")), new HostRef(ChannelAddr.parse("tcp:127.0.0.1:2"))));
    ProcMeshRefImpl procs =
        ProcMeshRefImpl.created(
            ProcMeshId.instance("procs"),
            Extent.of("hosts", 2).region(),
            ImmutableList.of(
                new ProcRef(new ProcId(ChannelAddr.parse("tcp:127.0.0.1:1"), "p-0"), 0),
                new ProcRef(new ProcId(ChannelAddr.parse("tcp:127.0.0.1:2"), "p-0"), 1)),
            hosts);
    ActorMeshRefImpl<Object> actors =
        new ActorMeshRefImpl<Object>(ActorMeshId.instance("actors"), procs).subset(
            Extent.of("hosts", 2).region().range("hosts", 1));

    ActorMeshRefImpl<Object> decoded = roundTrip(actors);
    assertThat(decoded).isEqualTo(actors);
    assertThat(decoded.actorId(0)).isEqualTo(actors.actorId(0));
    assertThat(decoded.createRanks()).containsExactly(1);
    assertThat(decoded.procMesh().hostMesh().orElseThrow()).isEqualTo(hosts);
  }

  @Test
  void hostAgentRequestsRoundTrip() {
    PortRef<StatusOverlay> reply = PortRef.attest(new HostRef(ChannelAddr.parse("tcp:127.0.0.1:1")).agentId().portId(7));
    ResourceId id = ResourceId.instance("proc");
    CreateOrUpdate<ProcSpec> create =
        new CreateOrUpdate<>(id, Rank.of(3), new ProcSpec(ImmutableMap.of("cleanup_timeout", "3s"), "host-x"));
    assertThat(roundTrip(create)).isEqualTo(create);
    WaitRankStatus wait = new WaitRankStatus(id, new Status.Failed("boom"), reply);
    assertThat(roundTrip(wait)).isEqualTo(wait);
    StatusOverlay overlay = StatusOverlay.single(3, new Status.Timeout(java.time.Duration.ofSeconds(5)));
    assertThat(roundTrip(overlay)).isEqualTo(overlay);
  }
}
