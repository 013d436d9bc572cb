package io.hyperactor.inject;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.inject.MeshAdminServingTest.find;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.inject.Guice;
import io.hyperactor.host.HostedProc;
import io.hyperactor.mesh.HostRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A child-JVM proc killed with SIGKILL shows failed in the admin tree, as its host saw it. */
class MeshAdminKilledProcTest {
  /** Liveness bound: the host sees the exit at once; the bound only keeps a broken run finite. */
  private static final Duration LIVENESS = Duration.ofSeconds(60);

  @Test
  void aSigkilledChildProcShowsFailedInTheTree() throws Exception {
    try (HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(MeshAdminServingTest.adminConfig()),
                new ProcessProcManagerModule()
                    .withJvmArgs(ImmutableList.of("-Xshare:auto", "-XX:TieredStopAtLevel=1")),
                GrpcTransportModule.unix(),
                new MeshAdminModule())
            .getInstance(HyperactorRuntime.class)
            .start()) {
      HostedProc<Object> victim = runtime.spawnProc("victim", 0);
      String hostId = new HostRef(runtime.host().addr()).agentId().toString();
      try (AdminHttp http = new AdminHttp(runtime.meshAdmin().orElseThrow())) {
        JsonNode running = procOf(http.json("/v1/tree"), hostId, victim.procId().toString());
        assertThat(running.path("status").asText()).isEqualTo("running");
        long pid = running.path("pid").asLong();
        assertThat(pid).isEqualTo(runtime.procHandle(victim.procId()).orElseThrow().pid().getAsLong());
        // Its proc agent answered: its actors are listed.
        List<String> actors = running.path("actors").findValuesAsText("id");
        assertThat(actors).contains(victim.procId().actorId("proc_agent").toString());

        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        long deadline = System.nanoTime() + LIVENESS.toNanos();
        JsonNode proc = running;
        while (!proc.path("status").asText().equals("failed") && System.nanoTime() < deadline) {
          Thread.sleep(100);
          proc = procOf(http.json("/v1/tree"), hostId, victim.procId().toString());
        }
        assertThat(proc.path("status").asText()).isEqualTo("failed");
        assertThat(proc.path("statusReason").asText()).isEqualTo("Killed(sig=9)");
        assertThat(proc.path("pid").asLong()).isEqualTo(pid);
        JsonNode node =
            http.json("/v1/nodes/" + AdminHttp.enc(victim.procId().toString()));
        assertThat(node.path("status").asText()).isEqualTo("failed");
      }
    }
  }

  private static JsonNode procOf(JsonNode tree, String hostId, String procId) {
    return find(find(tree.path("hosts"), "id", hostId).path("procs"), "id", procId);
  }
}
