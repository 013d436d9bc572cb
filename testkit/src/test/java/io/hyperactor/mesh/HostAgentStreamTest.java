package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StreamState;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host agent keeps {@code StreamState} subscriptions and pushes every change of a proc. */
class HostAgentStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final HyperactorTestKit kit = HyperactorTestKit.builder().build();

  @Test
  @SuppressWarnings("unchecked")
  void streamStateSubscriberGetsTheCurrentStateAndEveryChange() throws Exception {
    try (HostMesh hosts = HostMeshes.local(kit.system(), 1)) {
      ClientInstance client = kit.client();
      ProcMesh procs = hosts.spawnProcs("streamed", Extent.unity()).get(30, TimeUnit.SECONDS);
      ProcId proc = procs.get(0).orElseThrow().procId();
      PortReceiver<Object> stream = client.openPort();
      client.post(
          new HostRef(proc.addr()).agentId().portId(PortId.HANDLER_INDEX),
          new StreamState<ProcState>(
              ResourceId.parse(proc.name()), PortRef.attest(stream.handle().portId())));
      State<ProcState> first = (State<ProcState>) stream.recv(WAIT);
      assertThat(first.status()).isEqualTo(Status.RUNNING);
      assertThat(first.payload().orElseThrow().procId()).isEqualTo(proc);

      procs.stop("test stop").get(30, TimeUnit.SECONDS);
      List<State<ProcState>> pushed = new ArrayList<>();
      while (pushed.isEmpty() || !pushed.get(pushed.size() - 1).status().isTerminated()) {
        pushed.add((State<ProcState>) stream.recv(WAIT));
      }
      long generation = first.generation();
      for (State<ProcState> state : pushed) {
        assertThat(state.generation()).isGreaterThan(generation);
        generation = state.generation();
      }
      assertThat(pushed.get(pushed.size() - 1).status()).isEqualTo(Status.STOPPED);
    }
  }
}
