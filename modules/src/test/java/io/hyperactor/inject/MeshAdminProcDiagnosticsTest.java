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
import io.hyperactor.mesh.HostRef;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-proc diagnostics of the admin API on a runtime with in-JVM procs: the configuration
 * dump, the CPU profile download (privileged: refused without a token) and the output tail (which
 * an in-JVM proc does not have), each answer checked against the schema.
 */
class MeshAdminProcDiagnosticsTest {
  private static final String TOKEN = "s3cret-admin-token";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static ObjectNode schema;

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in =
        MeshAdminProcDiagnosticsTest.class
            .getClassLoader()
            .getResourceAsStream("io/hyperactor/admin/mesh-admin.schema.json")) {
      schema = (ObjectNode) AdminHttp.JSON.readTree(in);
    }
  }

  private static HyperactorRuntime runtime(@Nullable String token) {
    HyperactorConfig config = MeshAdminServingTest.adminConfig();
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(23));
    config.set(HyperactorAttrs.MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION, Duration.ofSeconds(20));
    if (token != null) {
      config.set(HyperactorAttrs.MESH_ADMIN_TOKEN, token);
    }
    return Guice.createInjector(
            new HyperactorCoreModule(config),
            new LocalProcManagerModule(),
            new LocalTransportModule(),
            new MeshAdminModule())
        .getInstance(HyperactorRuntime.class)
        .start();
  }

  /** Validates {@code body} against the schema's shape {@code def}. */
  private static void assertMatches(String def, String body) {
    ObjectNode wrapper = schema.deepCopy();
    wrapper.put("$ref", "#/$defs/" + def);
    Schema validator =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(wrapper.toString(), InputFormat.JSON);
    List<Error> errors = validator.validate(body, InputFormat.JSON);
    assertWithMessage("%s against $defs/%s", body, def).that(errors).isEmpty();
  }

  private static <T> HttpResponse<T> send(
      MeshAdmin admin,
      String method,
      String path,
      @Nullable String token,
      HttpResponse.BodyHandler<T> body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(admin.uri().resolve(path.substring(1)))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      return http.send(request.build(), body);
    }
  }

  /** The error message of an answer with status {@code status}, checked against the schema. */
  private static String error(
      MeshAdmin admin, String method, String path, @Nullable String token, int status)
      throws Exception {
    HttpResponse<String> response =
        send(admin, method, path, token, HttpResponse.BodyHandlers.ofString());
    assertWithMessage("%s %s: %s", method, path, response.body())
        .that(response.statusCode())
        .isEqualTo(status);
    assertMatches("Error", response.body());
    JsonNode error = AdminHttp.JSON.readTree(response.body()).path("error");
    assertThat(error.path("status").asInt()).isEqualTo(status);
    return error.path("message").asText();
  }

  private static JsonNode ok(MeshAdmin admin, String path, String def) throws Exception {
    HttpResponse<String> response =
        send(admin, "GET", path, null, HttpResponse.BodyHandlers.ofString());
    assertWithMessage("GET %s: %s", path, response.body())
        .that(response.statusCode())
        .isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertMatches(def, response.body());
    return AdminHttp.JSON.readTree(response.body());
  }

  @Test
  void configDumpListsTheProcsKeysWithValueAndSource() throws Exception {
    try (HyperactorRuntime runtime = runtime(null)) {
      MeshAdmin admin = runtime.meshAdmin().orElseThrow();
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      String path = "/v1/procs/" + enc(proc.procId().toString()) + "/config";

      JsonNode dump = ok(admin, path, "ConfigDump");

      assertThat(dump.path("procId").asText()).isEqualTo(proc.procId().toString());
      JsonNode timeout =
          MeshAdminServingTest.find(dump.path("entries"), "key", "message_delivery_timeout");
      assertThat(timeout.path("value").asText()).isEqualTo("23s");
      assertThat(timeout.path("source").asText()).isEqualTo("runtime");
      assertThat(dump.path("entries").size()).isEqualTo(runtime.config().dump().size());

      HostRef host = new HostRef(runtime.host().addr());
      String unknown = host.procId("nosuch").toString();
      assertThat(error(admin, "GET", "/v1/procs/" + enc(unknown) + "/config", null, 404))
          .contains("nosuch");
    }
  }

  @Test
  void profileIsRefusedWithoutAConfiguredToken() throws Exception {
    try (HyperactorRuntime runtime = runtime(null)) {
      MeshAdmin admin = runtime.meshAdmin().orElseThrow();
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      String path = "/v1/procs/" + enc(proc.procId().toString()) + "/profile?duration=1s";

      String message = error(admin, "POST", path, null, 403);

      assertThat(message).contains("mesh_admin_token");
      assertThat(error(admin, "GET", path, null, 405)).contains("POST");
    }
  }

  @Test
  void profileDownloadsAFlightRecordingAndNamesBadDurations() throws Exception {
    try (HyperactorRuntime runtime = runtime(TOKEN)) {
      MeshAdmin admin = runtime.meshAdmin().orElseThrow();
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      String base = "/v1/procs/" + enc(proc.procId().toString()) + "/profile";

      HttpResponse<byte[]> response =
          send(admin, "POST", base + "?duration=1s", TOKEN, HttpResponse.BodyHandlers.ofByteArray());

      assertWithMessage("POST %s: %s", base, new String(response.body()))
          .that(response.statusCode())
          .isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/octet-stream");
      long pid = ProcessHandle.current().pid();
      assertThat(response.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"p0-" + pid + ".jfr\"");
      Path file = Files.createTempFile("mesh-admin-profile-", ".jfr");
      try {
        Files.write(file, response.body());
        assertThat(RecordingFile.readAllEvents(file)).isNotEmpty();
      } finally {
        Files.deleteIfExists(file);
      }

      assertThat(error(admin, "POST", base, TOKEN, 400))
          .isEqualTo("query parameter duration is required: how long to profile, e.g. duration=5s");
      assertThat(error(admin, "POST", base + "?duration=soon", TOKEN, 400))
          .startsWith("query parameter duration 'soon' is not a duration");
      assertThat(error(admin, "POST", base + "?duration=10ms", TOKEN, 400))
          .isEqualTo(
              "query parameter duration: profile duration 10ms is too short: it must be at"
                  + " least 1s");
      assertThat(error(admin, "POST", base + "?duration=1m", TOKEN, 400))
          .isEqualTo(
              "query parameter duration: profile duration 1m exceeds"
                  + " mesh_admin_pyspy_max_profile_duration (20s)");
      // With a token configured, a request without it is not let in.
      assertThat(error(admin, "POST", base + "?duration=1s", null, 401))
          .contains("mesh_admin_token");
    }
  }

  @Test
  void logsOfAnInJvmProcSayItHasNoOutputAndBadLinesAreNamed() throws Exception {
    try (HyperactorRuntime runtime = runtime(null)) {
      MeshAdmin admin = runtime.meshAdmin().orElseThrow();
      HostedProc<Object> proc = runtime.spawnProc("p0", 0);
      String base = "/v1/procs/" + enc(proc.procId().toString()) + "/logs";

      assertThat(error(admin, "GET", base, null, 404))
          .isEqualTo(
              "proc '"
                  + proc.procId()
                  + "' is an in-JVM proc of host "
                  + runtime.host().addr()
                  + ", so it has no process output of its own; only procs forked as child"
                  + " processes have their output kept by their host");
      for (String lines : List.of("0", "-3", "10001", "many")) {
        assertThat(error(admin, "GET", base + "?lines=" + lines, null, 400))
            .isEqualTo(
                "query parameter lines must be an integer from 1 to 10000, got '" + lines + "'");
      }
      HostRef host = new HostRef(runtime.host().addr());
      assertThat(
              error(admin, "GET", "/v1/procs/" + enc(host.procId("nosuch").toString()) + "/logs",
                  null, 404))
          .contains("nosuch");
    }
  }
}
