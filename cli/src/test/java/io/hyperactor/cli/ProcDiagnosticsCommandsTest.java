package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config}, {@code logs} and {@code profile} run in-process against a live runtime whose
 * procs are child JVMs (whose output their host keeps), its admin server requiring a token; and
 * {@code profile} against a server without a token, which refuses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcDiagnosticsCommandsTest {
  private static final String TOKEN = "cli-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveMesh mesh;

  @TempDir Path dir;

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

  @Test
  void configListsEachKeyWithItsValueAndSource() throws IOException {
    String procId = mesh.procId.toString();
    CliRun run = succeeded(run("config", procId));
    assertThat(run.lines().get(0).split("\\s{2,}"))
        .asList()
        .containsExactly("KEY", "VALUE", "SOURCE")
        .inOrder();
    JsonNode dump = json(run("config", procId, "--json"));
    assertThat(dump.get("procId").asText()).isEqualTo(procId);
    assertThat(dump.get("entries").size()).isGreaterThan(0);
    // Every entry of the JSON is a row of the table, its cells in their columns.
    for (JsonNode entry : dump.get("entries")) {
      String key = entry.get("key").asText();
      String value = entry.get("value").asText();
      String line = run.line(key).orElseThrow(() -> new AssertionError("no row " + key + run));
      assertThat(line).startsWith(key);
      assertThat(line.strip()).endsWith(entry.get("source").asText());
      if (!value.isBlank()) {
        assertThat(line).contains("  " + value.replaceAll("[\\r\\n\\t]+", " ").strip());
      }
    }
  }


  @Test
  void logsPrintTheProcsOutputPrefixedByStream() throws Exception {
    mesh.counter.send(mesh.runtime.client(), new Counter.Print("hello from the cli test"));
    // The answer comes after the print: the child wrote both lines before it answered.
    mesh.counter.<Long>ask(mesh.runtime.client(), Counter.Get::new, LiveMesh.TIMEOUT)
        .get(30, TimeUnit.SECONDS);
    String procId = mesh.procId.toString();
    // The host reads the child's pipes on its own threads: wait until it has read both lines.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    CliRun run = succeeded(run("logs", procId, "--lines", "50"));
    while (!(run.out().contains("err: hello") && run.out().contains("out: hello"))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = succeeded(run("logs", procId, "--lines", "50"));
    }
    assertWithMessage(run.toString())
        .that(run.lines())
        .containsAtLeast(
            "stdout | out: hello from the cli test", "stderr | err: hello from the cli test");

    JsonNode logs = json(run("logs", procId, "--json", "--lines", "50"));
    assertThat(logs.get("procId").asText()).isEqualTo(procId);
    List<String> lines = new ArrayList<>();
    logs.get("lines").forEach(l -> lines.add(l.get("stream").asText() + ":" + l.get("text").asText()));
    assertThat(lines)
        .containsAtLeast("stdout:out: hello from the cli test", "stderr:err: hello from the cli test");
    assertThat(logs.get("lines").size()).isAtMost(50);
  }


  @Test
  void profileWritesTheRecordingAndDrawsProgress() throws IOException {
    Path out = dir.resolve("p0.jfr");
    String procId = mesh.procId.toString();
    CliRun run = run("profile", procId, "--duration", "1s", "--out", out.toString(), "--progress");
    succeeded(run);
    assertThat(run.out()).contains("wrote a 1s recording of " + procId + " to " + out);
    byte[] recording = Files.readAllBytes(out);
    // Every JFR file starts with the magic bytes F L R NUL.
    assertThat(Arrays.copyOf(recording, 4)).isEqualTo(new byte[] {'F', 'L', 'R', 0});
    assertThat(run.err()).contains("recording [");
    assertThat(run.err()).contains(" / 1.0s");

    // On a terminal the bar is drawn unasked, unless the output is JSON.
    CliRun onTerminal =
        succeeded(
            CliRun.onTerminal(
                "profile", procId, "--admin", mesh.adminUrl, "--token", TOKEN,
                "--duration", "1s", "--out", dir.resolve("terminal.jfr").toString()));
    assertThat(onTerminal.err()).contains("recording [");
    Path second = dir.resolve("second.jfr");
    CliRun jsonRun =
        succeeded(
            CliRun.onTerminal(
                "profile", procId, "--admin", mesh.adminUrl, "--token", TOKEN,
                "--duration", "1s", "--out", second.toString(), "--json"));
    assertThat(jsonRun.err()).isEmpty();
    JsonNode written = JSON.readTree(jsonRun.out());
    assertThat(written.get("procId").asText()).isEqualTo(procId);
    assertThat(written.get("duration").asText()).isEqualTo("1s");
    assertThat(written.get("bytes").asLong()).isEqualTo(Files.size(second));
    assertThat(written.get("file").asText()).isEqualTo(second.toAbsolutePath().toString());
  }


  @Test
  void aProfileLongerThanTheServerAllowsFailsWithTheServersMessage() {
    CliRun run = run("profile", mesh.procId.toString(), "--duration", "1h");
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("hyperactor profile: POST /v1/procs/");
    assertThat(run.err()).contains("HTTP 400: ");
    assertThat(run.err()).contains("duration");
  }

  @Test
  void profileWithoutAServerTokenIsRefusedWithExitCodeFour() throws Exception {
    CliRun run;
    try (LiveMesh open = LiveMesh.inJvm("")) {
      run = CliRun.of("profile", open.procId.toString(), "--admin", open.adminUrl, "--duration", "1s");
    }
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("HTTP 403");
    assertThat(run.err()).contains("mesh_admin_token");
  }
}
