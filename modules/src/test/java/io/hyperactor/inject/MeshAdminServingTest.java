package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.inject.AdminHttp.enc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.ref.ActorRef;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mesh admin server of a running runtime with in-JVM procs: tree, nodes and static files. */
class MeshAdminServingTest {

  static HyperactorConfig adminConfig() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.MESH_ADMIN_ADDR, "127.0.0.1:0");
    // Generous liveness bounds: the machine running the tests may be loaded.
    config.set(HyperactorAttrs.MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT, Duration.ofSeconds(10));
    config.set(HyperactorAttrs.MESH_ADMIN_QUERY_CHILD_TIMEOUT, Duration.ofSeconds(10));
    return config;
  }

  private static HyperactorRuntime runtime(HyperactorConfig config) {
    return Guice.createInjector(
            new HyperactorCoreModule(config),
            new LocalProcManagerModule(),
            new LocalTransportModule(),
            new MeshAdminModule(),
            new Greeter.GreeterModule())
        .getInstance(HyperactorRuntime.class);
  }

  static JsonNode find(JsonNode array, String field, String value) {
    List<String> seen = new ArrayList<>();
    for (JsonNode node : array) {
      if (node.path(field).asText().equals(value)) {
        return node;
      }
      seen.add(node.path(field).asText());
    }
    throw new AssertionError("no element with " + field + " = " + value + " among " + seen);
  }

  @Test
  void treeNodesAndStaticFilesServeALiveRuntime() throws Exception {
    try (HyperactorRuntime runtime = runtime(adminConfig()).start()) {
      MeshAdmin admin = runtime.meshAdmin().orElseThrow();
      assertThat(admin.uri().toString()).startsWith("http://127.0.0.1:");
      assertThat(admin.address().getPort()).isGreaterThan(0);
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      ActorRef<Greeter.Greet> greeter =
          runtime.spawn(proc, "greeter", Greeter.KEY).get(30, TimeUnit.SECONDS);
      HostRef host = new HostRef(runtime.host().addr());

      try (AdminHttp http = new AdminHttp(admin)) {
        JsonNode tree = http.json("/v1/tree");
        assertThat(tree.path("complete").asBoolean()).isTrue();
        JsonNode hostJson = find(tree.path("hosts"), "id", host.agentId().toString());
        assertThat(hostJson.path("status").asText()).isEqualTo("running");
        JsonNode procJson = find(hostJson.path("procs"), "id", proc.procId().toString());
        assertThat(procJson.path("status").asText()).isEqualTo("running");
        assertThat(procJson.path("system").asBoolean()).isFalse();
        assertThat(procJson.path("name").asText()).isEqualTo("p0");
        JsonNode actorJson = find(procJson.path("actors"), "id", greeter.actorId().toString());
        assertThat(actorJson.path("status").asText()).isEqualTo("running");
        assertThat(actorJson.path("name").asText()).isEqualTo("greeter[0]");
        assertThat(actorJson.path("type").asText()).contains("Greeter");
        JsonNode service = find(hostJson.path("procs"), "id", host.serviceProc().toString());
        assertThat(service.path("system").asBoolean()).isTrue();
        find(service.path("actors"), "id", host.agentId().toString());

        JsonNode hostNode = http.json("/v1/nodes/" + enc(host.agentId().toString()));
        assertThat(hostNode.path("kind").asText()).isEqualTo("host");
        assertThat(texts(hostNode.path("children"))).contains(proc.procId().toString());

        JsonNode procNode = http.json("/v1/nodes/" + enc(proc.procId().toString()));
        assertThat(procNode.path("kind").asText()).isEqualTo("proc");
        assertThat(procNode.path("status").asText()).isEqualTo("running");
        assertThat(procNode.path("parent").asText()).isEqualTo(host.agentId().toString());
        assertThat(texts(procNode.path("children"))).contains(greeter.actorId().toString());

        JsonNode actorNode = http.json("/v1/nodes/" + enc(greeter.actorId().toString()));
        assertThat(actorNode.path("kind").asText()).isEqualTo("actor");
        assertThat(actorNode.path("status").asText()).isEqualTo("running");
        assertThat(actorNode.path("attrs").path("actor_type").asText()).contains("Greeter");

        HttpResponse<String> index = http.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(index.body()).contains("<html");
        HttpResponse<String> file = http.get("/dashboard/index.html");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(index.body());
        assertThat(http.get("/dashboard/missing.js").statusCode()).isEqualTo(404);
        assertThat(http.get("/dashboard/%2E%2E/mesh-admin.schema.json").statusCode())
            .isEqualTo(404);
        assertThat(http.get("/dashboard/index.exe").statusCode()).isEqualTo(404);

        HttpResponse<String> schema = http.get("/v1/schema");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.headers().firstValue("Content-Type")).hasValue("application/schema+json");
        assertThat(AdminHttp.JSON.readTree(schema.body()).path("$defs").has("Tree")).isTrue();
      }
    }
  }

  @Test
  void withATokenTheApiNeedsItAndTheDashboardDoesNot() throws Exception {
    HyperactorConfig config = adminConfig();
    config.set(HyperactorAttrs.MESH_ADMIN_TOKEN, "s3cret");
    try (HyperactorRuntime runtime = runtime(config).start();
        AdminHttp http = new AdminHttp(runtime.meshAdmin().orElseThrow())) {
      HttpResponse<String> missing = http.get("/v1/tree");
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.body()).contains("mesh_admin_token");
      assertThat(http.get("/v1/tree", "wrong").statusCode()).isEqualTo(401);
      assertThat(http.get("/v1/schema").statusCode()).isEqualTo(401);
      assertThat(http.get("/v1/tree", "s3cret").statusCode()).isEqualTo(200);
      assertThat(http.get("/v1/tree?token=s3cret").statusCode()).isEqualTo(200);
      assertThat(http.get("/").statusCode()).isEqualTo(200);
      assertThat(http.get("/dashboard/index.html").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theRuntimeStartsNoAdminServerUnlessAskedAndClosesItsServer() throws Exception {
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(adminConfig()),
                new LocalProcManagerModule(),
                new LocalTransportModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      assertThat(runtime.meshAdmin()).isEmpty();
    }
    HyperactorConfig enabled = adminConfig();
    enabled.set(HyperactorAttrs.MESH_ADMIN_ENABLED, true);
    MeshAdmin admin;
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(enabled),
                new LocalProcManagerModule(),
                new LocalTransportModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      admin = runtime.meshAdmin().orElseThrow();
      try (AdminHttp http = new AdminHttp(admin)) {
        assertThat(http.get("/v1/tree").statusCode()).isEqualTo(200);
      }
    }
    // Closed with the runtime: its port no longer accepts connections.
    try (java.net.Socket socket = new java.net.Socket()) {
      assertThrows(
          java.net.ConnectException.class,
          () -> socket.connect(admin.address(), 5_000));
    }
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
