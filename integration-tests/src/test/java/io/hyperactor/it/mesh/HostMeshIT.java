package io.hyperactor.it.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.PortReceiver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.MeshException;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host meshes over real host JVMs, as upstream's {@code host_mesh.rs} tests them: hosts started
 * by hand and attached to, and an attach to a host that is not there.
 */
class HostMeshIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(MeshItActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, Duration.ofSeconds(120)))
          .build();

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Casts a report request to {@code actors} and returns who answered, each exactly once. */
  private static Set<String> castAndCollect(io.hyperactor.mesh.ActorMeshRef<MeshItActor.Msg> actors)
      throws Exception {
    PortReceiver<String> replies = kit.client().openPort(String.class);
    PortRef<String> to = replies.handle().bind();
    actors.cast(kit.client(), new MeshItActor.Report(Rank.unbound(), to));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < actors.numRanks(); i++) {
      String reply = replies.recv(TIMEOUT);
      assertThat(seen.add(reply.substring(0, reply.indexOf('#')))).isTrue();
    }
    Set<String> expected = new HashSet<>();
    actors.values().forEach(ref -> expected.add(ref.actorId().toString()));
    assertThat(seen).isEqualTo(expected);
    assertThat(replies.tryRecv()).isNull();
    replies.close();
    return seen;
  }

  private void executeExtrinsicAllocation() throws Exception {
    try (StandaloneHost h0 = StandaloneHost.start(MeshItMains.Proc.class);
        StandaloneHost h1 = StandaloneHost.start(MeshItMains.Proc.class)) {
      HostMesh hosts = await(HostMeshes.attach(kit.system(), List.of(h0.addr(), h1.addr())));
      assertThat(hosts.extent()).isEqualTo(Extent.of("hosts", 2));
      ProcMesh procs = await(hosts.spawnProcs("test", Extent.unity()));
      assertThat(procs.extent()).isEqualTo(Extent.of("hosts", 2));
      ActorMesh<MeshItActor.Msg> actors =
          await(procs.spawn("test", MeshItActor.KEY, MeshItActor.Params.NORMAL));
      // The mesh's shape: casting reaches every actor of the mesh, and of half of it.
      castAndCollect(actors);
      castAndCollect(actors.range("hosts", io.hyperactor.mesh.Range.of(0, 1)));

      await(hosts.shutdown());
      assertThat(h0.awaitExit(60)).isTrue();
      assertThat(h1.awaitExit(60)).isTrue();
      assertThat(h0.exitValue()).isEqualTo(0);
      assertThat(h1.exitValue()).isEqualTo(0);
    }
  }

  @Test
  void testExtrinsicAllocationV0() throws Exception {
    kit.system().config().set(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, false);
    executeExtrinsicAllocation();
  }

  @Test
  void testExtrinsicAllocationV1() throws Exception {
    kit.system().config().set(HyperactorAttrs.ENABLE_NATIVE_V1_CASTING, true);
    kit.system().config().set(HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER, true);
    executeExtrinsicAllocation();
  }

  @Test
  void testAttachFailsClosedOnUnreachableHost() throws Exception {
    kit.system().config().set(HyperactorAttrs.MESH_ATTACH_CONFIG_TIMEOUT, Duration.ofMillis(500));
    List<ChannelAddr> nowhere = new ArrayList<>();
    // An address nothing answers at: a TCP port that was free a moment ago.
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    nowhere.add(ChannelAddr.parse("tcp:127.0.0.1:" + port));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> await(HostMeshes.attach(kit.system(), nowhere)));
    MeshException failure = (MeshException) e.getCause();
    assertThat(failure.kind()).isEqualTo(MeshException.Kind.CONFIG_PUSH_FAILED);
    assertThat(failure)
        .hasMessageThat()
        .startsWith("config push failed during attach on 1 host(s):\n  " + nowhere.get(0) + ": ");
    // The client carries on: no failure escaped to it.
    assertThat(kit.client().status().isTerminal()).isFalse();
  }
}
