package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hyperactor.ClientInstance;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.debug.ConfigDump;
import io.hyperactor.debug.CpuProfileRecording;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.MeshAdminHosts;
import io.hyperactor.runtime.MeshAdminServer;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-proc diagnostics asked from this JVM of a proc in a forked child JVM: its configuration,
 * a CPU profile whose recording crosses the process boundary as bytes, and the output its host
 * kept; through {@code ActorSystem}, then through the admin HTTP API (answers checked against its
 * schema).
 */
class ProcDiagnosticsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 60;
  private static final String TOKEN = "it-admin-token";

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .config(
              c -> {
                c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
                c.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(47));
                c.set(HyperactorAttrs.MESH_ADMIN_ADDR, "127.0.0.1:0");
                c.set(HyperactorAttrs.MESH_ADMIN_TOKEN, TOKEN);
                // Generous liveness bounds: the machine running the tests may be loaded.
                c.set(HyperactorAttrs.MESH_ADMIN_SINGLE_HOST_TIMEOUT, Duration.ofSeconds(30));
                c.set(HyperactorAttrs.MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT, Duration.ofSeconds(30));
                c.set(HyperactorAttrs.MESH_ADMIN_CONFIG_DUMP_BRIDGE_TIMEOUT, Duration.ofSeconds(30));
              })
          .build();

  @Test
  void configProfileAndLogsOfAForkedProc() throws Exception {
    ActorSystem system = kit.system();
    Host<Object, ProcessProcConfig> host =
        system.processHost(
            ChannelAddr.any(ChannelTransport.UNIX),
            ProcessProcManagerOptions.fromConfig(system.config())
                .withTransport(ChannelTransport.UNIX)
                .withMainClass(ChattyChildMain.class.getName())
                .withTailLines(50));
    host.serve();
    // A host mesh runs the host agent, which answers for the output of the host's procs.
    HostMesh mesh = HostMeshes.ofHosts(system, List.of(host));
    try {
      HostedProc<Object> child = host.spawn("chatty", ProcessProcConfig.DEFAULT);
      long childPid = ProcessHandle.current().children().toList().getFirst().pid();
      ClientInstance client = kit.client();
      ProcId procId = child.procId();

      ConfigDump config = system.configDump(client, procId).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(config.procId()).isEqualTo(procId);
      // The parent's runtime setting travelled to the child, which reports it as its own.
      assertThat(config.entry("message_delivery_timeout").orElseThrow().value()).isEqualTo("47s");

      CpuProfileRecording profile =
          system
              .cpuProfile(client, procId, Duration.ofSeconds(1))
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(profile.pid()).isEqualTo(childPid);
      Path file = Files.createTempFile("proc-diagnostics-it-", ".jfr");
      try {
        profile.writeTo(file);
        assertThat(RecordingFile.readAllEvents(file)).isNotEmpty();
      } finally {
        Files.deleteIfExists(file);
      }

      List<ProcLogs.Line> lines = awaitLogs(system, client, procId);
      List<String> stdout =
          lines.stream().filter(l -> l.stream() == ProcLogs.Stream.STDOUT).map(ProcLogs.Line::text)
              .toList();
      assertThat(stdout)
          .containsAtLeast(ChattyChildMain.OUT_1, ChattyChildMain.OUT_2)
          .inOrder();
      assertThat(lines).contains(new ProcLogs.Line(ProcLogs.Stream.STDERR, ChattyChildMain.ERR_1));
      ProcLogs last = system.procLogs(client, procId, 1).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(last.lines()).hasSize(1);

      ProcId unknown = new HostRef(procId.addr()).procId("nosuch");
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> system.procLogs(client, unknown, 10).get(WAIT_SECONDS, TimeUnit.SECONDS));
      ProcDiagnosticsException notFound = (ProcDiagnosticsException) e.getCause();
      assertThat(notFound.reason()).isEqualTo(ProcDiagnosticsException.Reason.NOT_FOUND);
      assertThat(notFound)
          .hasMessageThat()
          .isEqualTo("host " + procId.addr() + " has no proc named 'nosuch'");

      MeshAdminHosts shown = new MeshAdminHosts();
      shown.add(mesh);
      try (MeshAdmin admin = MeshAdminServer.start(system, host.serviceProc(), shown)) {
        checkOverHttp(admin, procId, childPid);
      }
    } finally {
      mesh.close();
    }
  }

  /** The admin API serves the same three answers about the forked proc. */
  private static void checkOverHttp(MeshAdmin admin, ProcId procId, long childPid)
      throws Exception {
    String base = "/v1/procs/" + URLEncoder.encode(procId.toString(), UTF_8);
    try (HttpClient http = HttpClient.newBuilder().build()) {
      HttpResponse<String> logs = http.send(request(admin, "GET", base + "/logs"), ofString());
      assertWithMessage("logs: %s", logs.body()).that(logs.statusCode()).isEqualTo(200);
      assertMatches("ProcLogs", logs.body());
      JsonNode logsJson = JSON.readTree(logs.body());
      assertThat(logsJson.path("procId").asText()).isEqualTo(procId.toString());
      List<String> tagged = new ArrayList<>();
      logsJson
          .path("lines")
          .forEach(l -> tagged.add(l.path("stream").asText() + ": " + l.path("text").asText()));
      assertThat(tagged)
          .containsAtLeast(
              "stdout: " + ChattyChildMain.OUT_1, "stdout: " + ChattyChildMain.OUT_2)
          .inOrder();
      assertThat(tagged).contains("stderr: " + ChattyChildMain.ERR_1);
      HttpResponse<String> one =
          http.send(request(admin, "GET", base + "/logs?lines=1"), ofString());
      assertThat(JSON.readTree(one.body()).path("lines").size()).isEqualTo(1);

      HttpResponse<String> config = http.send(request(admin, "GET", base + "/config"), ofString());
      assertWithMessage("config: %s", config.body()).that(config.statusCode()).isEqualTo(200);
      assertMatches("ConfigDump", config.body());

      HttpResponse<byte[]> profile =
          http.send(
              request(admin, "POST", base + "/profile?duration=1s"),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(profile.statusCode()).isEqualTo(200);
      assertThat(profile.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"" + procId.name() + "-" + childPid + ".jfr\"");
      Path file = Files.createTempFile("proc-diagnostics-it-http-", ".jfr");
      try {
        Files.write(file, profile.body());
        assertThat(RecordingFile.readAllEvents(file)).isNotEmpty();
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  private static HttpRequest request(MeshAdmin admin, String method, String path) {
    return HttpRequest.newBuilder(admin.uri().resolve(path.substring(1)))
        .timeout(Duration.ofSeconds(WAIT_SECONDS))
        .header("Authorization", "Bearer " + TOKEN)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
  }

  /** Validates {@code body} against the admin schema's shape {@code def}. */
  private static void assertMatches(String def, String body) throws Exception {
    ObjectNode schema;
    try (InputStream in =
        ProcDiagnosticsIT.class
            .getClassLoader()
            .getResourceAsStream("io/hyperactor/admin/mesh-admin.schema.json")) {
      schema = (ObjectNode) JSON.readTree(in);
    }
    schema.put("$ref", "#/$defs/" + def);
    Schema validator =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(schema.toString(), InputFormat.JSON);
    List<Error> errors = validator.validate(body, InputFormat.JSON);
    assertWithMessage("%s against $defs/%s", body, def).that(errors).isEmpty();
  }

  /** The child's output as its host kept it, once the lines the child wrote first are in. */
  private static List<ProcLogs.Line> awaitLogs(
      ActorSystem system, ClientInstance client, ProcId procId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      // The host's pumps read the child's pipes on their own threads.
      ProcLogs logs = system.procLogs(client, procId, 200).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(logs.procId()).isEqualTo(procId);
      List<String> texts = logs.lines().stream().map(ProcLogs.Line::text).toList();
      if (texts.containsAll(
          List.of(ChattyChildMain.OUT_1, ChattyChildMain.ERR_1, ChattyChildMain.OUT_2))) {
        return logs.lines();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the chatty lines never reached the host: " + logs);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
