package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.debug.ProcLogs;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.host.ReadyException;
import io.hyperactor.host.TerminateException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.LogCapture;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.bootstrap.OrphanHostMain;
import io.hyperactor.internal.bootstrap.TestChildMain;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The process-forking manager against real child JVMs (stand-in mains that never call back). */
class ProcessProcManagerTest {
  private static final long WAIT_SECONDS = 60;
  private static final ChannelAddr BACKEND = new ChannelAddr.Local(0);

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final RuntimeServices services =
      TestServices.create(HyperactorConfig.defaultsOnly(), CodecRegistry.builtins());

  {
    owned.add(services);
  }

  @AfterEach
  void reapEverything() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
    List<ProcessHandle> alive =
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    assertThat(alive).isEmpty();
  }

  private ProcessProcManager manager(String mode, int tailLines) {
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(HyperactorConfig.defaultsOnly())
                .withMainClass(TestChildMain.class.getName())
                .withTransport(ChannelTransport.LOCAL)
                .withTailLines(tailLines)
                .withJvmArgs(ImmutableList.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"))
                .withEnv(ImmutableMap.of(TestChildMain.MODE_ENV, mode)), services.channels());
    owned.add(manager);
    return manager;
  }

  private static ProcId procId(String name) {
    return new ProcId(BACKEND, name);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void child_exiting_with_code_3_is_stopped_with_its_stderr_tail() throws Exception {
    ProcHandle<Object> handle =
        manager("exit3", 2).spawn(procId("exit3"), BACKEND, ProcessProcConfig.DEFAULT);
    assertThat(await(handle.waitForExit()))
        .isEqualTo(new ProcStatus.Stopped(3, ImmutableList.of("two", "three")));
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(handle.ready()));
    ReadyException ready = (ReadyException) e.getCause();
    assertThat(ready.kind()).isEqualTo(ReadyException.Kind.TERMINAL);
    assertThat(ready).hasMessageThat().isEqualTo("proc terminated before running: Stopped(exit=3)");
    assertThat(handle.addr()).isEmpty();
  }

  @Test
  void a_childs_output_goes_through_slf4j_with_its_proc_and_rank() throws Exception {
    try (LogCapture capture = LogCapture.named(ChildOutputLog.LOGGER_NAME)) {
      ProcId procId = procId("exit3");
      ProcHandle<Object> handle =
          manager("exit3", 0)
              .spawn(procId, BACKEND, new ProcessProcConfig(4, ImmutableList.of()));
      await(handle.waitForExit());
      List<ILoggingEvent> events = stderrEvents(capture);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (events.size() < 3 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        events = stderrEvents(capture);
      }
      assertThat(events.stream().map(ILoggingEvent::getFormattedMessage).toList())
          .containsExactly("[4] one", "[4] two", "[4] three")
          .inOrder();
      for (ILoggingEvent event : events) {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getMDCPropertyMap()).containsEntry("hyperactor.proc", procId.toString());
        assertThat(event.getMDCPropertyMap()).containsEntry("hyperactor.rank", "4");
      }
    }
  }

  private static List<ILoggingEvent> stderrEvents(LogCapture capture) {
    return capture.events().stream()
        .filter(e -> "stderr".equals(e.getMDCPropertyMap().get("hyperactor.stream")))
        .toList();
  }

  @Test
  void output_tail_merges_both_streams_tagged_and_keeps_the_last_lines() throws Exception {
    ProcessProcManager manager = manager("chatty", 10);
    ProcId procId = procId("chatty");
    manager.spawn(procId, BACKEND, ProcessProcConfig.DEFAULT);
    ImmutableList<ProcLogs.Line> all = awaitTail(manager, procId, "err-2", "sleeping");

    assertThat(textsOf(all, ProcLogs.Stream.STDOUT))
        .containsAtLeast("out-1", "out-2", "sleeping")
        .inOrder();
    assertThat(textsOf(all, ProcLogs.Stream.STDERR)).containsAtLeast("err-1", "err-2").inOrder();
    // The last two lines of both streams together are the last two of the whole tail.
    assertThat(manager.outputTail(procId, 2).orElseThrow())
        .isEqualTo(all.subList(all.size() - 2, all.size()));
    assertThat(manager.outputTail(procId("unknown"), 10)).isEmpty();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> manager.outputTail(procId, 0));
    assertThat(e).hasMessageThat().isEqualTo("maxLines must be positive, got 0");
  }

  private static ImmutableList<String> textsOf(List<ProcLogs.Line> lines, ProcLogs.Stream stream) {
    return lines.stream()
        .filter(l -> l.stream() == stream)
        .map(ProcLogs.Line::text)
        .collect(ImmutableList.toImmutableList());
  }

  /** Waits until the child's output tail holds each of {@code texts}; returns the whole tail. */
  private static ImmutableList<ProcLogs.Line> awaitTail(
      ProcessProcManager manager, ProcId procId, String... texts) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      ImmutableList<ProcLogs.Line> tail = manager.outputTail(procId, 100).orElseThrow();
      List<String> seen = tail.stream().map(ProcLogs.Line::text).toList();
      if (seen.containsAll(List.of(texts))) {
        return tail;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no " + List.of(texts) + " in the output of " + procId + ": " + tail);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Test
  void kill_reports_killed_9_to_every_concurrent_caller() throws Exception {
    ProcHandle<Object> handle =
        manager("sleep", 0).spawn(procId("victim"), BACKEND, ProcessProcConfig.DEFAULT);
    assertThat(handle.status()).isInstanceOf(ProcStatus.Running.class);
    CompletableFuture<ProcStatus> first = handle.kill();
    CompletableFuture<ProcStatus> second = handle.kill();
    ProcStatus killed = new ProcStatus.Killed(9, false);
    assertThat(await(first)).isEqualTo(killed);
    assertThat(await(second)).isEqualTo(killed);
    assertThat(await(handle.waitForExit())).isEqualTo(killed);
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(handle.kill()));
    TerminateException again = (TerminateException) e.getCause();
    assertThat(again.kind()).isEqualTo(TerminateException.Kind.ALREADY_TERMINATED);
    assertThat(again).hasMessageThat().isEqualTo("proc already terminated (status: Killed(sig=9))");
    assertThat(again.status()).hasValue(killed);
  }

  @Test
  void terminate_of_an_unready_child_sends_sigterm() throws Exception {
    ProcHandle<Object> handle =
        manager("sleep", 0).spawn(procId("polite"), BACKEND, ProcessProcConfig.DEFAULT);
    List<ProcStatus> seen = new CopyOnWriteArrayList<>();
    handle.watch(seen::add);
    CompletableFuture<ProcStatus> a = handle.terminate(Duration.ofSeconds(30), "test");
    CompletableFuture<ProcStatus> b = handle.terminate(Duration.ofSeconds(30), "test again");
    ProcStatus sigterm = new ProcStatus.Killed(15, false);
    assertThat(await(a)).isEqualTo(sigterm);
    // The second caller joins the first's outcome, or, when the child was already gone by the
    // time it called, is told so with that same outcome.
    try {
      assertThat(await(b)).isEqualTo(sigterm);
    } catch (ExecutionException e) {
      assertThat(e).hasCauseThat().isInstanceOf(TerminateException.class);
      assertThat(e).hasCauseThat().hasMessageThat().contains("already terminated (status: " + sigterm);
    }
    assertThat(seen.get(0)).isInstanceOf(ProcStatus.Stopping.class);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(sigterm);
  }

  @Test
  void terminate_escalates_to_sigkill_when_the_child_ignores_stop() throws Exception {
    ProcHandle<Object> handle =
        manager("ignore-term", 5).spawn(procId("stubborn"), BACKEND, ProcessProcConfig.DEFAULT);
    // The child must have installed its SIGTERM-proof hook before it is signalled.
    awaitOutput(handle, "sleeping");
    assertThat(await(handle.terminate(Duration.ofSeconds(2), "test")))
        .isEqualTo(new ProcStatus.Killed(9, false));
  }

  @Test
  void spawn_failure_names_the_proc_and_the_command() {
    ProcessProcManager broken =
        new ProcessProcManager(
            new ProcessProcManagerOptions(
                Path.of("/nonexistent/java"),
                "cp",
                "Main",
                ImmutableList.of(),
                ImmutableList.of(),
                null,
                ImmutableMap.of(),
                ChannelTransport.LOCAL,
                0,
                false,
                false,
                HyperactorConfig.defaultsOnly()), services.channels());
    owned.add(broken);
    HostException e =
        assertThrows(
            HostException.class,
            () -> broken.spawn(procId("nope"), BACKEND, ProcessProcConfig.DEFAULT));
    assertThat(e.kind()).isEqualTo(HostException.Kind.PROCESS_SPAWN_FAILURE);
    assertThat(e)
        .hasMessageThat()
        .startsWith(
            "proc 'local:0,nope' (command: /nonexistent/java -cp cp Main) failed to spawn"
                + " process: ");
  }

  @Test
  void host_spawn_fails_after_the_ready_timeout_and_the_child_is_reaped() throws Exception {
    ProcessProcManager manager = manager("sleep", 0);
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(2));
    RuntimeServices hostServices = TestServices.create(config, CodecRegistry.builtins());
    owned.add(hostServices);
    Host<Object, ProcessProcConfig> host =
        Hosts.create(
            manager, ChannelAddr.any(ChannelTransport.LOCAL), hostServices, HostTest.NO_EXIT);
    owned.add(host);
    HostException e =
        assertThrows(HostException.class, () -> host.spawn("silent", ProcessProcConfig.DEFAULT));
    assertThat(e.kind()).isEqualTo(HostException.Kind.PROCESS_CONFIGURATION_FAILURE);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "proc '"
                + host.addr()
                + ",silent' failed to configure process: proc not ready within PT2S");
    ProcHandle<Object> handle = manager.handle(new ProcId(host.addr(), "silent")).get();
    assertThat(await(handle.waitForExit())).isEqualTo(new ProcStatus.Killed(9, false));
    assertThat(host.procNames()).isEmpty();
  }

  @Test
  void children_and_idle_pool_members_exit_when_their_host_jvm_is_sigkilled() throws Exception {
    Process hostJvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OrphanHostMain.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    owned.add(hostJvm::destroyForcibly);
    List<Long> children = new ArrayList<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(hostJvm.getInputStream(), StandardCharsets.UTF_8));
    // Two procs and the two idle members of the host's warm pool.
    for (String line = out.readLine(); !"end".equals(line); line = out.readLine()) {
      assertThat(line).isNotNull();
      if (line.startsWith("child ")) {
        children.add(Long.parseLong(line.substring("child ".length())));
      }
    }
    assertThat(children).hasSize(4);
    for (long pid : children) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
    }
    hostJvm.destroyForcibly();
    assertThat(hostJvm.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    for (long pid : children) {
      // onExit polls for processes that are not our children (every 10 s at most), and a child
      // still starting its JVM when the host died notices only once it reaches its main.
      ProcessHandle.of(pid)
          .ifPresent(child -> child.onExit().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ClassDataArchive.Format.class)
  void a_jar_class_path_child_records_an_archive_that_the_next_child_maps(
      ClassDataArchive.Format format, @TempDir Path tmp) throws Exception {
    // A class path of jars only: the JVM does not archive classes loaded from directories.
    String entry = TestChildMain.class.getName().replace('.', '/') + ".class";
    Path jar = tmp.resolve("child.jar");
    try (InputStream in = TestChildMain.class.getClassLoader().getResourceAsStream(entry);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
    }
    Path dir = tmp.resolve("cds");
    ProcessProcManager manager =
        new ProcessProcManager(
            new ProcessProcManagerOptions(
                    Path.of(System.getProperty("java.home"), "bin", "java"),
                    jar.toString(),
                    TestChildMain.class.getName(),
                    ImmutableList.of(),
                    ImmutableList.of(),
                    dir,
                    ImmutableMap.of(TestChildMain.MODE_ENV, "exit3"),
                    ChannelTransport.LOCAL,
                    100,
                    false,
                    false,
                    HyperactorConfig.defaultsOnly()),
            services.channels(),
            format);
    owned.add(manager);
    ProcStatus exit3 = new ProcStatus.Stopped(3, ImmutableList.of("one", "two", "three"));

    ProcHandle<Object> recorder =
        manager.spawn(procId("recorder"), BACKEND, ProcessProcConfig.DEFAULT);
    // The JVM's CDS and AOT messages are turned off, so stderr holds the child's lines only.
    assertThat(await(recorder.waitForExit())).isEqualTo(exit3);
    if (format == ClassDataArchive.Format.DYNAMIC) {
      // Written as the child exits, and published before its exit is reported.
      List<Path> archives;
      try (Stream<Path> files = Files.list(dir)) {
        archives = files.toList();
      }
      assertThat(archives).hasSize(1);
      assertThat(archives.get(0).getFileName().toString()).endsWith(".jsa");
      assertThat(ClassDataArchive.hasDynamicArchiveMagic(archives.get(0))).isTrue();
    } else {
      // Assembled from the recorded configuration by a background JVM after the exit.
      awaitFile(dir, ".aot");
    }

    // Logging flags do not change the archive's key.
    Path loads = tmp.resolve("loads.txt");
    ProcHandle<Object> mapper =
        manager.spawn(
            procId("mapper"),
            BACKEND,
            new ProcessProcConfig(
                0, ImmutableList.of("-Xlog:class+load=info:file=" + loads + ":none")));
    assertThat(await(mapper.waitForExit())).isEqualTo(exit3);
    assertThat(Files.readAllLines(loads))
        .contains(
            TestChildMain.class.getName()
                + " source: shared objects file"
                + (format == ClassDataArchive.Format.DYNAMIC ? " (top)" : ""));
  }

  /** Waits until {@code dir} holds one file whose name ends with {@code suffix}. */
  private static void awaitFile(Path dir, String suffix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.anyMatch(p -> p.getFileName().toString().endsWith(suffix))) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no *" + suffix + " in " + dir);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Waits until the child's stdout tail holds {@code line}. */
  private static void awaitOutput(ProcHandle<Object> handle, String line) throws Exception {
    ProcessProcHandle process = (ProcessProcHandle) handle;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!process.stdoutTail().contains(line)) {
      if (System.nanoTime() > deadline || handle.status().isExit()) {
        throw new AssertionError(
            "no '"
                + line
                + "' from "
                + handle.procId()
                + " ("
                + handle.status()
                + "), stdout "
                + process.stdoutTail());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
