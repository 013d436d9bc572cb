package io.hyperactor.it.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ProcId;
import io.hyperactor.it.mesh.MeshItActor;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.resource.Rank;
import io.hyperactor.PortReceiver;
import io.hyperactor.ref.PortRef;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.testkit.HyperactorTestKit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone hosts started with the command of {@code docs/deploying.md} ({@code bin/hyperactor
 * host --config host.conf}), bound to the wildcard and advertised as {@code localhost}, with ports
 * from a range; a client attaches to them by address, as upstream's {@code
 * test_extrinsic_allocation_v1}, spawns procs and actors, and casts. SIGTERM stops a host with
 * exit code 0 and leaves none of its child JVMs behind.
 */
class StandaloneHostCommandIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Ports the hosts and their procs may bind: frontends, backends, attach servers, procs. */
  private static final int PORTS = 60;

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(MeshItActor::codecs)
          .spawnable(MeshItActor.KEY, MeshItActor::new)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, TIMEOUT))
          .config(c -> c.set(HyperactorAttrs.PROC_SPAWN_MAX_IDLE, TIMEOUT))
          .config(c -> c.set(HyperactorAttrs.ACTOR_SPAWN_MAX_IDLE, TIMEOUT))
          .build();

  @TempDir Path dir;

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * The first port of {@value #PORTS} consecutive ports that are all free now, below the Linux
   * ephemeral range (32768 and up), so connections this machine opens meanwhile do not take them.
   */
  private static int freePortBlock() {
    for (int base = 20_000; base + PORTS < 32_768; base += PORTS) {
      if (allFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + PORTS + " consecutive free ports in 20000..32767");
  }

  private static boolean allFree(int base) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int port = base; port < base + PORTS; port++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(port));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a probe socket cannot fail in a way that matters here.
        }
      }
    }
  }

  /** The host configuration of docs/deploying.md, with a port range for this machine. */
  private Path hostConfig(String name, int firstPort, int lastPort) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".conf"),
        String.join(
            "\n",
            "hyperactor {",
            "  host_addr = \"tcp:0.0.0.0:0\"",
            "  remote_alloc_bind_to_inaddr_any = true",
            "  remote_alloc_allowed_port_range = \"" + firstPort + "..=" + lastPort + "\"",
            "  advertise_hostname = localhost",
            "}",
            ""));
  }

  private static void assertAdvertisedInRange(ChannelAddr addr, int first, int last)
      throws IOException {
    InetSocketAddress socket = ((ChannelAddr.Tcp) addr).address();
    assertWithMessage("address %s", addr)
        .that(socket.getAddress())
        .isEqualTo(InetAddress.getByName("localhost"));
    assertWithMessage("port of %s", addr).that(socket.getPort()).isAtLeast(first);
    assertWithMessage("port of %s", addr).that(socket.getPort()).isAtMost(last);
  }

  /** Casts a report request and checks that every actor answered exactly once. */
  private static void assertEveryActorAnswersOnce(ActorMesh<MeshItActor.Msg> actors)
      throws Exception {
    PortReceiver<String> replies = kit.client().openPort(String.class);
    PortRef<String> to = replies.handle().bind();
    actors.cast(kit.client(), new MeshItActor.Report(Rank.unbound(), to));
    Set<String> expected = new HashSet<>();
    actors.values().forEach(ref -> expected.add(ref.actorId().toString()));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < actors.numRanks(); i++) {
      String reply = replies.recv(TIMEOUT);
      assertThat(seen.add(reply.substring(0, reply.indexOf('#')))).isTrue();
    }
    assertThat(seen).isEqualTo(expected);
    assertThat(replies.tryRecv()).isNull();
    replies.close();
  }

  /** The process ids the actors of {@code actors} run in, one per rank. */
  private static List<Long> pids(ActorMesh<MeshItActor.Msg> actors) throws Exception {
    List<Long> pids = new ArrayList<>();
    for (int rank = 0; rank < actors.numRanks(); rank++) {
      pids.add(
          await(
              actors
                  .get(rank)
                  .orElseThrow()
                  .<Long>ask(kit.client(), MeshItActor.GetPid::new, TIMEOUT)));
    }
    return pids;
  }

  /** SIGTERM: the host exits 0 within the bound, and none of its child JVMs is left. */
  private static void assertSigtermStopsEverything(CliHostProcess host) throws Exception {
    List<ProcessHandle> children = host.handle().descendants().toList();
    assertThat(children).isNotEmpty();
    host.terminate();
    assertWithMessage("host exited within 60s of SIGTERM; output:\n%s", host.output())
        .that(host.awaitExit(60))
        .isTrue();
    assertWithMessage("exit code; output:\n%s", host.output()).that(host.exitValue()).isEqualTo(0);
    for (ProcessHandle child : children) {
      assertWithMessage("child %s of the host (%s) is alive after the host exited", child.pid(), child.info().commandLine().orElse("?"))
          .that(child.isAlive())
          .isFalse();
    }
  }

  @Test
  void testExtrinsicAllocationV1OnTheHostCommand() throws Exception {
    int first = freePortBlock();
    int last = first + PORTS - 1;
    try (CliHostProcess host = CliHostProcess.start(hostConfig("host", first, last))) {
      assertAdvertisedInRange(host.addr(), first, last);
      HostMesh hosts = await(HostMeshes.attach(kit.system(), List.of(host.addr())));
      ProcMesh procs = await(hosts.spawnProcs("cli", Extent.of("gpus", 2)));
      ActorMesh<MeshItActor.Msg> actors =
          await(procs.spawn(kit.client(), "actors", MeshItActor.KEY, MeshItActor.Params.NORMAL));
      assertThat(actors.numRanks()).isEqualTo(2);
      // The procs are child JVMs of the host, which inherited its address keys.
      for (int rank = 0; rank < actors.numRanks(); rank++) {
        ProcId proc = actors.get(rank).orElseThrow().actorId().procId();
        assertAdvertisedInRange(proc.addr(), first, last);
      }
      Set<Long> descendants = new HashSet<>();
      host.handle().descendants().forEach(p -> descendants.add(p.pid()));
      assertThat(descendants).containsAtLeastElementsIn(pids(actors));
      assertEveryActorAnswersOnce(actors);

      assertSigtermStopsEverything(host);
    }
  }

  @Test
  void oneClientAttachesTwoHostCommands() throws Exception {
    int first = freePortBlock();
    int middle = first + PORTS / 2;
    int last = first + PORTS - 1;
    try (CliHostProcess h0 = CliHostProcess.start(hostConfig("h0", first, middle - 1));
        CliHostProcess h1 = CliHostProcess.start(hostConfig("h1", middle, last))) {
      HostMesh hosts = await(HostMeshes.attach(kit.system(), List.of(h0.addr(), h1.addr())));
      ProcMesh procs = await(hosts.spawnProcs("cli", Extent.of("gpus", 2)));
      ActorMesh<MeshItActor.Msg> actors =
          await(procs.spawn(kit.client(), "actors", MeshItActor.KEY, MeshItActor.Params.NORMAL));
      assertThat(actors.extent()).isEqualTo(Extent.of("hosts", 2, "gpus", 2));
      assertEveryActorAnswersOnce(actors);

      // A client's shutdown ends both hosts with code 0 too.
      await(hosts.shutdown());
      for (CliHostProcess host : List.of(h0, h1)) {
        assertWithMessage("host exited after the client's shutdown; output:\n%s", host.output())
            .that(host.awaitExit(60))
            .isTrue();
        assertThat(host.exitValue()).isEqualTo(0);
      }
    }
  }
}
