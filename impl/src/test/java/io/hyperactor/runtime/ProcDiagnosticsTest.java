package io.hyperactor.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ClientInstance;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ConfigEntry;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ConfigDump;
import io.hyperactor.debug.CpuProfileRecording;
import io.hyperactor.debug.ProcDiagnosticsException;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-proc diagnostics of {@link ActorSystem} against real procs and agents in this JVM: the
 * configuration dump, the CPU profile and the output tail (which an in-JVM proc does not have),
 * and the errors that name what is wrong.
 */
@Timeout(120)
class ProcDiagnosticsTest {
  private static final long WAIT_SECONDS = 60;

  private ActorSystem system;
  private ClientInstance client;

  @BeforeEach
  void start() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    // The client dials the hosts' addresses, as it would over the network.
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.LOCAL);
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(17));
    config.set(HyperactorAttrs.MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION, Duration.ofSeconds(30));
    system =
        ActorSystem.builder()
            .name("diagnostics-test")
            .config(config)
            .exitHook(code -> {
              throw new AssertionError("a proc asked to exit the JVM with code " + code);
            })
            .build();
    client = system.client();
  }

  @AfterEach
  void stop() {
    system.close();
  }

  private Proc procWithAgent(String name) {
    Proc proc = system.localProc(name);
    system.startAgent(proc);
    return proc;
  }

  private static void spinUntil(CompletableFuture<?> done) {
    double sink = 0;
    while (!done.isDone()) {
      for (int i = 1; i < 100_000; i++) {
        sink += Math.sqrt(i);
      }
    }
    if (sink < 0) {
      throw new AssertionError(sink); // keeps the loop from being removed as dead code
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The exception a failed future failed with. */
  private static Throwable failureOf(CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void configDumpListsEveryKeyWithItsValueAndSource() throws Exception {
    Proc proc = procWithAgent("configured");

    ConfigDump dump = await(system.configDump(client, proc.procId()));

    assertThat(dump.procId()).isEqualTo(proc.procId());
    assertThat(dump.entry("message_delivery_timeout").orElseThrow())
        .isEqualTo(new ConfigDump.Entry("message_delivery_timeout", "17s", "runtime"));
    assertThat(dump.entry("cleanup_timeout").orElseThrow().source()).isEqualTo("default");
    // One entry per key of the proc's configuration, in the same order.
    assertThat(dump.entries().stream().map(ConfigDump.Entry::key).toList())
        .containsExactlyElementsIn(
            system.config().dump().stream().map(ConfigEntry::name).toList())
        .inOrder();
  }

  @Test
  void cpuProfileReturnsAFlightRecordingOfTheProcsProcess() throws Exception {
    Proc proc = procWithAgent("profiled");

    // JFR samples only threads running Java code; on an idle machine a second of this JVM can
    // pass with none, so one thread stays busy until the recording is back.
    CompletableFuture<CpuProfileRecording> recording =
        system.cpuProfile(client, proc.procId(), Duration.ofSeconds(1));
    Thread busy = Thread.ofPlatform().name("profiled-busy").start(() -> spinUntil(recording));
    CpuProfileRecording profile;
    try {
      profile = await(recording);
    } finally {
      recording.cancel(false); // ends the spin if the recording never came back
      busy.join();
    }

    assertThat(profile.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(profile.duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(profile.sizeBytes()).isGreaterThan(0);
    Path file = Files.createTempFile("proc-diagnostics-test-", ".jfr");
    try {
      profile.writeTo(file);
      assertThat(Files.size(file)).isEqualTo(profile.sizeBytes());
      // A recording with the profile settings holds CPU samples.
      assertThat(
              RecordingFile.readAllEvents(file).stream()
                  .anyMatch(e -> e.getEventType().getName().equals("jdk.ExecutionSample")))
          .isTrue();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void cpuProfileRejectsDurationsOutOfBoundsNamingThem() {
    Proc proc = procWithAgent("unprofiled");

    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> system.cpuProfile(client, proc.procId(), Duration.ofMillis(500)));
    assertThat(tooShort)
        .hasMessageThat()
        .isEqualTo("profile duration 500ms is too short: it must be at least 1s");
    IllegalArgumentException tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () -> system.cpuProfile(client, proc.procId(), Duration.ofMinutes(1)));
    assertThat(tooLong)
        .hasMessageThat()
        .isEqualTo("profile duration 1m exceeds mesh_admin_pyspy_max_profile_duration (30s)");
  }

  @Test
  void requestsToAProcThatDoesNotExistFailNamingIt() throws Exception {
    Proc proc = procWithAgent("existing");
    ProcId missing = new ProcId(proc.procId().addr(), "missing");

    Throwable config = failureOf(system.configDump(client, missing));
    assertThat(config).isInstanceOf(ProcDiagnosticsException.class);
    ProcDiagnosticsException undelivered = (ProcDiagnosticsException) config;
    assertThat(undelivered.reason()).isEqualTo(ProcDiagnosticsException.Reason.UNDELIVERED);
    assertThat(undelivered.procId()).isEqualTo(missing);
    assertThat(undelivered)
        .hasMessageThat()
        .startsWith("the config dump for proc '" + missing + "' could not be delivered: ");

    Throwable profile = failureOf(system.cpuProfile(client, missing, Duration.ofSeconds(1)));
    assertThat(((ProcDiagnosticsException) profile).reason())
        .isEqualTo(ProcDiagnosticsException.Reason.UNDELIVERED);
    assertThat(profile).hasMessageThat().contains("'" + missing + "'");

    // A proc made directly, not by a host, has no host agent to keep its output.
    Throwable logs = failureOf(system.procLogs(client, proc.procId(), 10));
    assertThat(((ProcDiagnosticsException) logs).reason())
        .isEqualTo(ProcDiagnosticsException.Reason.UNDELIVERED);
    assertThat(logs)
        .hasMessageThat()
        .startsWith("the logs request for proc '" + proc.procId() + "' could not be delivered: ");
  }

  @Test
  void procLogsOfInJvmProcsSayTheyHaveNoOutputOfTheirOwn() throws Exception {
    try (HostMesh hosts = HostMeshes.local(system, 1)) {
      ProcMesh procs = await(hosts.spawnProcs("in_jvm", Extent.unity()));
      ProcId procId = procs.get(0).orElseThrow().procId();
      HostRef host = new HostRef(procId.addr());

      Throwable created = failureOf(system.procLogs(client, procId, 200));
      assertThat(created).isInstanceOf(ProcDiagnosticsException.class);
      assertThat(((ProcDiagnosticsException) created).reason())
          .isEqualTo(ProcDiagnosticsException.Reason.NO_OUTPUT);
      assertThat(created)
          .hasMessageThat()
          .isEqualTo(
              "proc '"
                  + procId
                  + "' is an in-JVM proc of host "
                  + host
                  + ", so it has no process output of its own; only procs forked as child"
                  + " processes have their output kept by their host");

      Throwable service = failureOf(system.procLogs(client, host.serviceProc(), 200));
      assertThat(((ProcDiagnosticsException) service).reason())
          .isEqualTo(ProcDiagnosticsException.Reason.NO_OUTPUT);
      assertThat(service).hasMessageThat().contains("runs in the JVM of host " + host);

      Throwable unknown = failureOf(system.procLogs(client, host.procId("nosuch"), 200));
      assertThat(((ProcDiagnosticsException) unknown).reason())
          .isEqualTo(ProcDiagnosticsException.Reason.NOT_FOUND);
      assertThat(unknown)
          .hasMessageThat()
          .isEqualTo("host " + host + " has no proc named 'nosuch'");
    }
  }

  @Test
  void procLogsRejectsLinesThatAreNotPositive() {
    ProcId procId = procWithAgent("logged").procId();
    for (int lines : new int[] {0, -1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> system.procLogs(client, procId, lines));
      assertThat(e).hasMessageThat().isEqualTo("lines must be positive, got " + lines);
    }
  }
}
