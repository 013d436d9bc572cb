package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every admin command run in-process against a live runtime whose procs are child JVMs, its admin
 * server on a loopback port and requiring a token: the tables name the proc and actors with their
 * statuses in their columns, and the JSON carries the same facts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCommandsTest {
  private static final String TOKEN = "cli-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveMesh mesh;

  @BeforeAll
  void startMesh() throws Exception {
    mesh = LiveMesh.processes(TOKEN);
  }

  @AfterAll
  void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  /** Runs {@code command args...} against the mesh with the right token. */
  private CliRun run(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of("--admin", mesh.adminUrl, "--token", TOKEN));
    all.addAll(Arrays.asList(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static CliRun succeeded(CliRun run) {
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(0);
    return run;
  }

  private static JsonNode json(CliRun run) throws IOException {
    return JSON.readTree(succeeded(run).out());
  }

  private static JsonNode procOf(JsonNode tree, String procId) {
    for (JsonNode host : tree.get("hosts")) {
      for (JsonNode proc : host.get("procs")) {
        if (proc.get("id").asText().equals(procId)) {
          return proc;
        }
      }
    }
    throw new AssertionError("no proc " + procId + " in " + tree.toPrettyString());
  }

  private static JsonNode actorOf(JsonNode proc, String actorId) {
    for (JsonNode actor : proc.get("actors")) {
      if (actor.get("id").asText().equals(actorId)) {
        return actor;
      }
    }
    throw new AssertionError("no actor " + actorId + " in " + proc.toPrettyString());
  }

  @Test
  void treeIndentsHostsProcsAndActorsWithTheirStatusesInColumns() throws IOException {
    CliRun run = succeeded(run("tree"));
    assertThat(run.lines().get(0).split("\\s{2,}"))
        .asList()
        .containsExactly("ID", "STATUS", "QUEUE", "HANDLED", "LAST HANDLER")
        .inOrder();
    String procId = mesh.procId.toString();
    String counterId = mesh.counterId().toString();
    assertWithMessage(run.toString()).that(run.line(procId).orElseThrow()).startsWith("  " + procId);
    assertThat(run.row(procId).orElseThrow().get(1)).isEqualTo("running");
    assertThat(run.line(counterId).orElseThrow()).startsWith("    " + counterId);
    List<String> counter = run.row(counterId).orElseThrow();
    assertThat(counter.get(1)).isEqualTo("running");
    assertThat(counter.get(2)).isEqualTo("0");
    assertThat(run.row(mesh.otherId().toString()).orElseThrow().get(1)).isEqualTo("running");

    // The same facts as the server's JSON: the counter handled its three increments and the ask.
    JsonNode actor = actorOf(procOf(json(run("tree", "--json")), procId), counterId);
    assertThat(actor.get("messagesHandled").asLong()).isAtLeast(4L);
    assertThat(counter.get(3)).isEqualTo(actor.get("messagesHandled").asText());
    // The last message was the ask; the table leaves out the type's package.
    assertThat(actor.get("lastHandler").asText()).isEqualTo("io.hyperactor.cli.Counter$CounterMsg::Get");
    assertThat(counter.get(4)).startsWith("Counter$CounterMsg::Get");
    // The proc agent is the runtime's own and hidden unless asked for.
    String agentId = mesh.procId.actorId("proc_agent").toString();
    assertThat(run.line(agentId)).isEmpty();
    assertThat(run.out()).contains("hidden; --all shows them");
    assertThat(succeeded(run("tree", "--all")).row(agentId)).isPresent();
  }

  @Test
  void treeJsonIsTheServersTree() throws IOException {
    JsonNode tree = json(run("tree", "--json"));
    assertThat(tree.get("complete").asBoolean()).isTrue();
    assertThat(tree.get("asOf").asText()).isNotEmpty();
    JsonNode proc = procOf(tree, mesh.procId.toString());
    assertThat(proc.get("name").asText()).isEqualTo("p0");
    assertThat(proc.get("status").asText()).isEqualTo("running");
    assertThat(proc.get("pid").asLong()).isGreaterThan(0L);
    JsonNode counter = actorOf(proc, mesh.counterId().toString());
    assertThat(counter.get("name").asText()).startsWith("counter");
    assertThat(counter.get("status").asText()).isEqualTo("running");
    assertThat(counter.get("system").asBoolean()).isFalse();
    assertThat(counter.get("queueDepth").asLong()).isEqualTo(0L);
  }

  @Test
  void statusOfAHealthyMeshCountsEveryKindAndExitsZero() {
    CliRun run = succeeded(run("status"));
    List<String> header = Arrays.asList(run.lines().get(0).split("\\s{2,}"));
    assertThat(header.subList(0, 4)).containsExactly("KIND", "TOTAL", "RUNNING", "STOPPING").inOrder();
    List<String> procs = run.row("procs").orElseThrow();
    // Every proc runs: the total is the running count, and at least p0 is one.
    assertThat(Integer.parseInt(procs.get(1))).isAtLeast(1);
    assertThat(procs.get(2)).isEqualTo(procs.get(1));
    List<String> actors = run.row("actors").orElseThrow();
    assertThat(Integer.parseInt(actors.get(2))).isAtLeast(2);
    assertThat(run.row("hosts").orElseThrow().get(1)).isEqualTo("1");
    assertThat(run.out()).doesNotContain("Failed or unreachable");
  }

  @Test
  void statusJsonSummarizesTheTree() throws IOException {
    JsonNode status = json(run("status", "--json"));
    assertThat(status.get("healthy").asBoolean()).isTrue();
    assertThat(status.get("complete").asBoolean()).isTrue();
    assertThat(status.get("unhealthy").size()).isEqualTo(0);
    assertThat(status.at("/counts/hosts/running").asInt()).isEqualTo(1);
    assertThat(status.at("/counts/procs/running").asInt()).isAtLeast(1);
    assertThat(status.at("/counts/actors/running").asInt()).isAtLeast(2);
  }

  @Test
  void threadsListsTheProcsThreadsWithStateActorAndTopFrame() throws IOException {
    String procId = mesh.procId.toString();
    CliRun run = succeeded(run("threads", procId));
    assertThat(run.lines().get(0)).startsWith("proc " + procId + ", pid ");
    assertThat(run.lines().get(1).split("\\s{2,}"))
        .asList()
        .containsExactly("NAME", "STATE", "ACTOR", "TOP FRAME")
        .inOrder();
    List<String> states = Arrays.stream(Thread.State.values()).map(Enum::name).toList();
    for (String line : run.lines().subList(2, run.lines().size())) {
      // A thread's state is one of the JVM's; its name may be empty only for a virtual thread.
      assertWithMessage(line).that(states).contains(stateOf(line));
    }

    JsonNode dump = json(run("threads", procId, "--json"));
    assertThat(dump.get("procId").asText()).isEqualTo(procId);
    long pid = procOf(json(run("tree", "--json")), procId).get("pid").asLong();
    assertThat(dump.get("pid").asLong()).isEqualTo(pid);
    assertThat(dump.get("threads").size()).isGreaterThan(0);
    List<String> names = new ArrayList<>();
    dump.get("threads").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).contains("main");
    assertThat(run.row("main")).isPresent();
  }

  /** The STATE cell of a threads row, found as the first cell naming a thread state. */
  private static String stateOf(String line) {
    List<String> states = Arrays.stream(Thread.State.values()).map(Enum::name).toList();
    return Arrays.stream(line.strip().split("\\s{2,}"))
        .filter(states::contains)
        .findFirst()
        .orElse("(no state in: " + line + ")");
  }

  @Test
  void anUnknownProcFailsWithTheServersMessage() {
    CliRun run = run("threads", "local:999999,nosuchproc");
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("hyperactor threads: GET /v1/procs/");
    assertThat(run.err()).contains("HTTP 404: ");
    assertThat(run.err()).contains("nosuchproc");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aWrongTokenIsRefusedWithExitCodeFour() {
    CliRun run = CliRun.of("tree", "--admin", mesh.adminUrl, "--token", "not-the-token");
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("HTTP 401");
    assertThat(run.err()).contains("was refused");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingTokenIsRefusedWithExitCodeFourAndSaysHowToGiveIt() {
    CliRun run = CliRun.of("status", "--admin", mesh.adminUrl);
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("HTTP 401");
    assertThat(run.err()).contains("give the token with --token or HYPERACTOR_MESH_ADMIN_TOKEN");
  }
}
