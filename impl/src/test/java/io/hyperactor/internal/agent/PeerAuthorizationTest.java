package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.PeerHeader;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorSpec;
import io.hyperactor.resource.CreateOrUpdate;
import io.hyperactor.resource.GetState;
import io.hyperactor.resource.Rank;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Stop;
import io.hyperactor.resource.StopAll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may use the privileged agent operations, decided from the receiver-written peer header. */
class PeerAuthorizationTest {

  private static PeerAuthorization policy(ChannelTransport transport, String... allowed) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, transport);
    config.set(HyperactorAttrs.TLS_ALLOWED_SUBJECTS, ImmutableList.copyOf(allowed));
    return PeerAuthorization.from(config);
  }

  @Test
  void plaintextTransportsAuthorizeNothingAndRefuseNothing() {
    PeerAuthorization tcp = policy(ChannelTransport.TCP);
    assertThat(tcp.enabled()).isFalse();
    assertThat(tcp.refusal("proc_agent", "spawn", Map.of(PeerHeader.NAME, "CN=anyone"))).isNull();
    assertThat(tcp.refusal("proc_agent", "spawn", Map.of(PeerHeader.NAME, ""))).isNull();
  }

  @Test
  void withTlsLocalSendersAreTrustedAndRemoteOnesMustBeListed() {
    PeerAuthorization tls = policy(ChannelTransport.TLS, "CN=admin,O=Acme");
    assertThat(tls.enabled()).isTrue();
    // No header: posted within the process.
    assertThat(tls.refusal("proc_agent", "spawn", Map.of())).isNull();
    assertThat(tls.refusal("proc_agent", "spawn", Map.of(PeerHeader.NAME, "CN=admin,O=Acme")))
        .isNull();
    assertThat(tls.refusal("host_agent", "drain", Map.of(PeerHeader.NAME, "CN=eve,O=Acme")))
        .isEqualTo(
            "not authorized: peer 'CN=eve,O=Acme' may not use host_agent operation 'drain' (its"
                + " subject is not in tls_allowed_subjects)");
    assertThat(tls.refusal("proc_agent", "thread dump", Map.of(PeerHeader.NAME, "")))
        .isEqualTo(
            "not authorized: an unauthenticated peer may not use proc_agent operation 'thread"
                + " dump' (its subject is not in tls_allowed_subjects)");
  }

  @Test
  void subjectsMatchAsWholeDistinguishedNamesInCanonicalForm() {
    PeerAuthorization tls = policy(ChannelTransport.TLS, "CN=admin,O=Acme");
    assertThat(tls.allows("cn=Admin, o=acme")).isTrue();
    assertThat(tls.allows("CN=admin")).isFalse();
    assertThat(tls.allows("CN=admin,O=Acme,C=US")).isFalse();
    assertThat(tls.allows("")).isFalse();
    assertThat(tls.allows("not a name")).isFalse();
  }

  @Test
  void privilegedOperationsAreNamedAndQueriesAreNot() {
    ResourceId id = ResourceId.singleton("a");
    assertThat(
            ProcAgent.privilegedOperation(
                new CreateOrUpdate<>(id, Rank.of(0), new ActorSpec("t", new byte[0]))))
        .isEqualTo("spawn");
    assertThat(ProcAgent.privilegedOperation(new Stop(id, "r")))
        .isEqualTo("stop");
    PortRef<State<Object>> reply =
        PortRef.attest(
            new ProcId(ChannelAddr.parse("local:1"), "p").actorId("client").portId(9));
    assertThat(ProcAgent.privilegedOperation(new GetState<>(id, reply))).isNull();
  }

  @Test
  void everyPrivilegedProcAgentOperationIsNamed() {
    PortId port = new ProcId(ChannelAddr.parse("local:1"), "p").actorId("client").portId(9);
    ResourceId id = ResourceId.singleton("a");
    assertThat(ProcAgent.privilegedOperation(new StopAll("r"))).isEqualTo("stop all");
    assertThat(ProcAgent.privilegedOperation(new ConfigDump(new OncePortRef<>(port))))
        .isEqualTo("config dump");
    assertThat(ProcAgent.privilegedOperation(new ThreadDump(new OncePortRef<>(port))))
        .isEqualTo("thread dump");
    assertThat(
            ProcAgent.privilegedOperation(
                new CpuProfile(Duration.ofSeconds(1), new OncePortRef<>(port))))
        .isEqualTo("profile");

  }
}
