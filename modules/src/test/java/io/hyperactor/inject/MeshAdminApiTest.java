package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static io.hyperactor.inject.AdminHttp.enc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.ref.ActorRef;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin API of one running runtime with in-JVM procs: every JSON answer against the schema,
 * errors and their statuses, thread dumps and the supervision event stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshAdminApiTest {
  private HyperactorRuntime runtime;
  private MeshAdmin admin;
  private AdminHttp http;
  private HostedProc<Object> proc;
  private ActorRef<Greeter.Greet> greeter;
  private HostRef host;
  private ObjectNode schema;

  @BeforeAll
  void start() throws Exception {
    runtime =
        Guice.createInjector(
                new HyperactorCoreModule(MeshAdminServingTest.adminConfig()),
                new LocalProcManagerModule(),
                new LocalTransportModule(),
                new MeshAdminModule(),
                new Greeter.GreeterModule())
            .getInstance(HyperactorRuntime.class)
            .start();
    admin = runtime.meshAdmin().orElseThrow();
    http = new AdminHttp(admin);
    proc = runtime.spawnProc("p0", 0);
    greeter = runtime.spawn(proc, "greeter", Greeter.KEY).get(30, TimeUnit.SECONDS);
    host = new HostRef(runtime.host().addr());
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("io/hyperactor/admin/mesh-admin.schema.json")) {
      schema = (ObjectNode) AdminHttp.JSON.readTree(in);
    }
  }

  @AfterAll
  void stop() {
    http.close();
    runtime.close();
  }

  /** Validates {@code body} against the schema's shape {@code def}. */
  private void assertMatches(String def, String body) {
    ObjectNode wrapper = schema.deepCopy();
    wrapper.put("$ref", "#/$defs/" + def);
    Schema validator =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(wrapper.toString(), InputFormat.JSON);
    List<Error> errors = validator.validate(body, InputFormat.JSON);
    assertWithMessage("%s against $defs/%s", body, def).that(errors).isEmpty();
  }

  private String ok(String path) throws Exception {
    HttpResponse<String> response = http.get(path);
    assertWithMessage("GET %s: %s", path, response.body()).that(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return response.body();
  }

  private JsonNode error(String method, String path, int status) throws Exception {
    HttpResponse<String> response = http.send(method, path);
    assertWithMessage("%s %s: %s", method, path, response.body())
        .that(response.statusCode())
        .isEqualTo(status);
    assertMatches("Error", response.body());
    JsonNode error = AdminHttp.JSON.readTree(response.body()).path("error");
    assertThat(error.path("status").asInt()).isEqualTo(status);
    return error;
  }

  @Test
  void everyJsonAnswerMatchesTheSchema() throws Exception {
    assertMatches("Tree", ok("/v1/tree"));
    assertMatches("Node", ok("/v1/nodes/" + enc(host.agentId().toString())));
    assertMatches("Node", ok("/v1/nodes/" + enc(proc.procId().toString())));
    assertMatches("Node", ok("/v1/nodes/" + enc(greeter.actorId().toString())));
    assertMatches("ThreadDump", ok("/v1/procs/" + enc(proc.procId().toString()) + "/threads"));
    assertMatches("Error", http.get("/v1/nodes/nonsense").body());
  }

  @Test
  void theTreeShowsWhatAnActorHandledAndWhen() throws Exception {
    Instant before = Instant.now();
    String reply =
        greeter
            .<String>ask(runtime.client(), r -> new Greeter.Greet("admin", r), Duration.ofSeconds(30))
            .get(30, TimeUnit.SECONDS);
    assertThat(reply).startsWith("hello admin");
    // The reply leaves inside the handler; the handler's record is written when it returns.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode actor = greeterInTree();
    while (actor.path("lastHandlerAt").isNull() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      actor = greeterInTree();
    }
    assertThat(actor.path("status").asText()).isEqualTo("running");
    assertThat(actor.path("messagesHandled").asLong()).isAtLeast(1);
    assertThat(actor.path("lastHandler").asText()).contains("Greet");
    Instant at = Instant.parse(actor.path("lastHandlerAt").asText());
    assertThat(at).isAtLeast(before.minusMillis(5));
    assertThat(at).isAtMost(Instant.now().plusMillis(5));
  }

  private JsonNode greeterInTree() throws Exception {
    JsonNode tree = AdminHttp.JSON.readTree(ok("/v1/tree"));
    for (JsonNode h : tree.path("hosts")) {
      for (JsonNode p : h.path("procs")) {
        for (JsonNode a : p.path("actors")) {
          if (a.path("id").asText().equals(greeter.actorId().toString())) {
            return a;
          }
        }
      }
    }
    throw new AssertionError("no " + greeter.actorId() + " in " + tree);
  }

  @Test
  void schemaRejectsWhatTheContractForbids() {
    // The validation above could not pass vacuously: a field the contract does not name, or a
    // status outside its vocabulary, fails it.
    ObjectNode wrapper = schema.deepCopy();
    wrapper.put("$ref", "#/$defs/Tree");
    Schema validator =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(wrapper.toString(), InputFormat.JSON);
    assertThat(
            validator.validate(
                "{\"asOf\":\"2026-01-01T00:00:00Z\",\"complete\":true,\"hosts\":[],\"extra\":1}",
                InputFormat.JSON))
        .isNotEmpty();
    assertThat(
            validator.validate(
                "{\"asOf\":\"2026-01-01T00:00:00Z\",\"complete\":true,\"hosts\":[{\"id\":\"h\","
                    + "\"addr\":\"a\",\"status\":\"dead\",\"procs\":[]}]}",
                InputFormat.JSON))
        .isNotEmpty();
  }

  @Test
  void unknownProcIsNotFoundNamingIt() throws Exception {
    String unknown = host.procId("no-such-proc").toString();
    JsonNode node = error("GET", "/v1/nodes/" + enc(unknown), 404);
    assertThat(node.path("message").asText())
        .isEqualTo("no proc '" + unknown + "' is known to this admin server");
    JsonNode threads = error("GET", "/v1/procs/" + enc(unknown) + "/threads", 404);
    assertThat(threads.path("message").asText()).contains(unknown);
    String unknownActor = proc.procId().actorId("no_such_actor").toString();
    assertThat(error("GET", "/v1/nodes/" + enc(unknownActor), 404).path("message").asText())
        .contains(unknownActor);
  }

  @Test
  void badIdsAreBadRequestsNamingTheParameter() throws Exception {
    assertThat(error("GET", "/v1/nodes/nonsense", 400).path("message").asText())
        .contains("node id 'nonsense'");
    assertThat(error("GET", "/v1/procs/nonsense/threads", 400).path("message").asText())
        .contains("procId 'nonsense'");
  }

  @Test
  void unknownPathsAreNotFoundAndWrongMethodsNotAllowed() throws Exception {
    assertThat(error("GET", "/v1/nowhere", 404).path("message").asText()).contains("/v1/nowhere");
    assertThat(error("POST", "/v1/tree", 405).path("message").asText()).contains("GET");
    error("DELETE", "/v1/nodes/" + enc(proc.procId().toString()), 405);
  }

  @Test
  void threadDumpOfAnInJvmProcIsOfThisProcess() throws Exception {
    JsonNode dump =
        AdminHttp.JSON.readTree(ok("/v1/procs/" + enc(proc.procId().toString()) + "/threads"));
    assertThat(dump.path("procId").asText()).isEqualTo(proc.procId().toString());
    assertThat(dump.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(dump.path("threads").size()).isGreaterThan(0);
    // A host's built-in proc has no agent to take the dump.
    assertThat(
            error("GET", "/v1/procs/" + enc(host.serviceProc().toString()) + "/threads", 404)
                .path("message")
                .asText())
        .contains("no proc agent");
  }

  @Test
  void eventStreamDeliversASupervisionEventOfAMesh() throws Exception {
    ProcMesh procs =
        runtime.hostMesh().spawnProcs("events", Extent.of("gpus", 1)).get(30, TimeUnit.SECONDS);
    ActorMesh<Greeter.Greet> greeters =
        procs.spawn("greeters", Greeter.KEY).get(30, TimeUnit.SECONDS);
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<Stream<String>> response =
          client.send(
              HttpRequest.newBuilder(URI.create(admin.uri() + "v1/events"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      try (Stream<String> lines = response.body()) {
        Iterator<String> it = lines.iterator();
        // Subscribed: every event from now on reaches this stream.
        assertThat(it.next()).isEqualTo(": subscribed");
        greeters.stop("done").get(30, TimeUnit.SECONDS);
        String line = it.next();
        while (line.isEmpty() || line.startsWith(":")) {
          line = it.next();
        }
        assertThat(line).isEqualTo("event: supervision");
        String data = it.next();
        assertThat(data).startsWith("data: ");
        String json = data.substring("data: ".length());
        assertMatches("SupervisionEvent", json);
        JsonNode event = AdminHttp.JSON.readTree(json);
        assertThat(event.path("status").asText()).isEqualTo("stopped");
        assertThat(event.path("message").asText()).contains("greeters");
      }
    }
    procs.stop("done").get(30, TimeUnit.SECONDS);
  }
}
