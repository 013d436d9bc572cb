package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code status} and {@code tree} against a live in-JVM runtime in which an actor failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminStatusFailureTest {
  private LiveMesh mesh;

  @BeforeAll
  void startMesh() throws Exception {
    mesh = LiveMesh.inJvm("");
  }

  @AfterAll
  void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void statusAfterAnActorFailedListsItAndExitsThree() throws Exception {
    CliRun healthy = CliRun.of("status", "--admin", mesh.adminUrl);
    assertWithMessage(healthy.toString()).that(healthy.exitCode()).isEqualTo(0);

    mesh.other.send(mesh.runtime.client(), new Counter.Fail("boom in the cli test"));
    // Supervision reports the failure asynchronously: ask until the server sees it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    CliRun run = CliRun.of("status", "--admin", mesh.adminUrl);
    while (run.exitCode() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = CliRun.of("status", "--admin", mesh.adminUrl);
    }
    assertWithMessage(run.toString()).that(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("Failed or unreachable:");
    String otherId = mesh.otherId().toString();
    List<String> failed = run.row("actor").orElseThrow();
    assertThat(failed.get(1)).isEqualTo(otherId);
    assertThat(failed.get(2)).isEqualTo("failed");
    assertThat(failed.get(3)).contains("boom in the cli test");
    assertThat(run.row("actors").orElseThrow().get(5)).isNotEqualTo("0"); // the FAILED column

    CliRun json = CliRun.of("status", "--admin", mesh.adminUrl, "--json");
    assertWithMessage(json.toString()).that(json.exitCode()).isEqualTo(3);
    JsonNode summary = new ObjectMapper().readTree(json.out());
    assertThat(summary.get("healthy").asBoolean()).isFalse();
    JsonNode unhealthy = summary.get("unhealthy").get(0);
    assertThat(unhealthy.get("kind").asText()).isEqualTo("actor");
    assertThat(unhealthy.get("id").asText()).isEqualTo(otherId);
    assertThat(unhealthy.get("status").asText()).isEqualTo("failed");
    assertThat(summary.at("/counts/actors/failed").asInt()).isAtLeast(1);

    // The tree shows it failed, in its STATUS column, and the counter still running.
    CliRun tree = CliRun.of("tree", "--admin", mesh.adminUrl);
    assertThat(tree.row(otherId).orElseThrow().get(1)).isEqualTo("failed");
    assertThat(tree.row(mesh.counterId().toString()).orElseThrow().get(1)).isEqualTo("running");
  }
}
