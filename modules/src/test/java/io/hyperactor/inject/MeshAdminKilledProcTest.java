package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.inject.MeshAdminServingTest.find;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.inject.Guice;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.HostRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child-JVM proc killed with SIGKILL shows failed in the admin tree, as its host saw it. */
class MeshAdminKilledProcTest {
  /** Liveness bound: the host sees the exit at once; the bound only keeps a broken run finite. */
  private static final Duration LIVENESS = Duration.ofSeconds(60);

  @Test
  void aSigkilledChildProcOfAMeshShowsFailedInTheTree() throws Exception {
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(MeshAdminServingTest.adminConfig()),
                new ProcessProcManagerModule()
                    .withJvmArgs(ImmutableList.of("-Xshare:auto", "-XX:TieredStopAtLevel=1")),
                GrpcTransportModule.unix(),
                new MeshAdminModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      // Through the host agent, as every mesh's procs are made.
      ProcMesh unused =
          runtime.hostMesh().spawnProcs("victims", Extent.of("procs", 1)).get(120, TimeUnit.SECONDS);
      String hostId = new HostRef(runtime.host().addr()).agentId().toString();
      try (AdminHttp http = new AdminHttp(runtime.meshAdmin().orElseThrow())) {
        JsonNode running = null;
        for (JsonNode p : find(http.json("/v1/tree").path("hosts"), "id", hostId).path("procs")) {
          if (!p.path("system").asBoolean()) {
            running = p;
          }
        }
        assertThat(running).isNotNull();
        ProcId victim = ProcId.parse(running.path("id").asText());
        assertThat(running.path("status").asText()).isEqualTo("running");
        assertThat(running.path("rank").asLong()).isEqualTo(0);
        long pid = running.path("pid").asLong();
        assertThat(pid).isEqualTo(runtime.procHandle(victim).orElseThrow().pid().getAsLong());
        // Its proc agent answered: its actors are listed.
        List<String> actors = running.path("actors").findValuesAsText("id");
        assertThat(actors).contains(victim.actorId("proc_agent").toString());

        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        long deadline = System.nanoTime() + LIVENESS.toNanos();
        JsonNode proc = running;
        while (!proc.path("status").asText().equals("failed") && System.nanoTime() < deadline) {
          Thread.sleep(100);
          proc = procOf(http.json("/v1/tree"), hostId, victim.toString());
        }
        assertThat(proc.path("status").asText()).isEqualTo("failed");
        assertThat(proc.path("statusReason").asText()).isEqualTo("Killed(sig=9)");
        assertThat(proc.path("pid").asLong()).isEqualTo(pid);
        JsonNode node =
            http.json("/v1/nodes/" + AdminHttp.enc(victim.toString()));
        assertThat(node.path("status").asText()).isEqualTo("failed");
      }
    }
  }

  private static JsonNode procOf(JsonNode tree, String hostId, String procId) {
    return find(find(tree.path("hosts"), "id", hostId).path("procs"), "id", procId);
  }
}
