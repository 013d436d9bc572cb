package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ClientInstance;
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
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * kept.
 */
class ProcDiagnosticsIT {
  private static final long WAIT_SECONDS = 60;

  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .config(
              c -> {
                c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
                c.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(47));
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
    } finally {
      mesh.close();
    }
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
