package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.mesh.HostRef;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The public factory against a system wired by hand, with one host that never answers. */
class MeshAdminServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aHostThatDoesNotAnswerIsUnreachableInTheTreeAndItsNodeTimesOut() throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.MESH_ADMIN_ADDR, "127.0.0.1:0");
    // Short: the silent host is asked through it. The live host answers well within it.
    config.set(HyperactorAttrs.MESH_ADMIN_SINGLE_HOST_TIMEOUT, Duration.ofSeconds(2));
    config.set(HyperactorAttrs.MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT, Duration.ofSeconds(10));
    config.set(HyperactorAttrs.MESH_ADMIN_QUERY_CHILD_TIMEOUT, Duration.ofSeconds(10));
    try (ActorSystem system = ActorSystem.create(config)) {
      Host<Object, @Nullable Void> host = system.localHost(ChannelAddr.any(ChannelTransport.LOCAL));
      host.serve();
      MeshAdminHosts hosts = new MeshAdminHosts();
      hosts.add(HostMeshes.ofHosts(system, List.of(host)));
      // A host nobody serves: what is sent to it comes back undeliverable, never answered.
      HostRef silent = new HostRef(ChannelAddr.any(ChannelTransport.LOCAL));
      hosts.add(silent);
      try (MeshAdmin admin = MeshAdminServer.start(system, host.serviceProc(), hosts);
          HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> tree = get(http, admin, "v1/tree");
        assertThat(tree.statusCode()).isEqualTo(200);
        JsonNode json = JSON.readTree(tree.body());
        assertThat(json.path("complete").asBoolean()).isFalse();
        assertThat(json.path("hosts").get(0).path("status").asText()).isEqualTo("running");
        assertThat(json.path("hosts").get(1).path("id").asText())
            .isEqualTo(silent.agentId().toString());
        assertThat(json.path("hosts").get(1).path("status").asText()).isEqualTo("unreachable");

        HttpResponse<String> node =
            get(http, admin, "v1/nodes/" + URLEncoder.encode(silent.agentId().toString(), UTF_8));
        assertThat(node.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(node.body()).path("error").path("message").asText())
            .contains("mesh_admin_single_host_timeout");
      }
    }
  }

  private static HttpResponse<String> get(HttpClient http, MeshAdmin admin, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(admin.uri().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
