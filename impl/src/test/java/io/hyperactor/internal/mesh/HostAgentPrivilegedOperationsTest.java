package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mesh.HostAgentMessage.DrainHost;
import io.hyperactor.internal.mesh.HostAgentMessage.GetLocalProc;
import io.hyperactor.internal.mesh.HostAgentMessage.GetProcLogs;
import io.hyperactor.internal.mesh.HostAgentMessage.ListProcs;
import io.hyperactor.internal.mesh.HostAgentMessage.SetClientConfig;
import io.hyperactor.internal.mesh.HostAgentMessage.ShutdownHost;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.ProcSpec;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which host agent requests are privileged (checked against tls_allowed_subjects). */
class HostAgentPrivilegedOperationsTest {

  @Test
  void everyPrivilegedHostAgentOperationIsNamedAndQueriesAreNot() {
    PortId port = new ProcId(ChannelAddr.parse("local:1"), "p").actorId("client").portId(9);
    ResourceId id = ResourceId.singleton("a");
    assertThat(
            HostAgent.privilegedOperation(
                new CreateOrUpdate<>(id, Rank.of(0), new ProcSpec(ImmutableMap.of(), null))))
        .isEqualTo("spawn proc");
    assertThat(HostAgent.privilegedOperation(new Stop(id, "r"))).isEqualTo("stop proc");
    assertThat(HostAgent.privilegedOperation(new StopAll("r"))).isEqualTo("stop all procs");
    assertThat(
            HostAgent.privilegedOperation(
                new SetClientConfig(ImmutableMap.of(), new OncePortRef<>(port))))
        .isEqualTo("config push");
    assertThat(
            HostAgent.privilegedOperation(
                new DrainHost(Duration.ofSeconds(1), 1, null, new OncePortRef<>(port))))
        .isEqualTo("drain");
    assertThat(
            HostAgent.privilegedOperation(
                new ShutdownHost(Duration.ofSeconds(1), 1, new OncePortRef<>(port))))
        .isEqualTo("shutdown");
    assertThat(HostAgent.privilegedOperation(new GetLocalProc(new OncePortRef<>(port))))
        .isEqualTo("local proc");
    assertThat(
            HostAgent.privilegedOperation(
                new GetProcLogs(
                    new ProcId(ChannelAddr.parse("local:1"), "p"), 10, new OncePortRef<>(port))))
        .isEqualTo("proc logs");
    assertThat(HostAgent.privilegedOperation(new ListProcs(new OncePortRef<>(port)))).isNull();
  }
}
