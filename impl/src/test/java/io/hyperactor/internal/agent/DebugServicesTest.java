package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.agent.AgentFixture.TIMEOUT;

import com.google.common.collect.ImmutableList;
import io.hyperactor.ActorHandle;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.internal.agent.AgentFixture.BlockActor;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JVM counterparts of the py-spy services: thread dump and CPU profile; and memory parsing. */
@Timeout(120)
class DebugServicesTest {

  @ParameterizedTest(name = "blocking actor: {0}")
  @ValueSource(booleans = {false, true})
  void threadDumpNamesTheActorBlockedInItsHandler(boolean blocking) throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      awaitAgentOnItsOwnThread(f);
      ActorHandle<BlockActor.Msg> blocker =
          f.proc.spawn(
              "blocker", blocking ? new AgentFixture.VirtualBlockActor() : new BlockActor());
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch gate = new CountDownLatch(1);
      try {
        blocker.send(new BlockActor.Block(entered, gate));
        assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        OncePortReceiver<ThreadDumpResult> rx = f.client.openOncePort();
        f.send(new ThreadDump(rx.handle().bind()));
        ThreadDumpResult dump = rx.recv(TIMEOUT);

        assertThat(dump.error()).isNull();
        assertThat(dump.pid()).isEqualTo(ProcessHandle.current().pid());
        ThreadStack thread = dump.actorThread(blocker.actorId()).orElseThrow();
        if (blocking) {
          // A blocking actor's activation has a virtual thread of its own, named after it.
          assertThat(thread.name()).isEqualTo(blocker.actorId().toString());
          assertThat(thread.virtual()).isTrue();
        } else {
          // Otherwise a dispatcher worker runs it, and the dump links the worker to the actor.
          assertThat(thread.name()).startsWith("hyperactor-dispatcher-");
          assertThat(thread.virtual()).isFalse();
        }
        assertThat(thread.actorStatus()).contains("processing");
        assertThat(thread.frames().stream().anyMatch(l -> l.contains("BlockActor.handle")))
            .isTrue();
        assertThat(thread.frames().stream().anyMatch(l -> l.contains("CountDownLatch.await")))
            .isTrue();
        // The agent's own loop is in the dump too, and the text rendering names the actor.
        assertThat(dump.actorThread(f.agent.actorId())).isPresent();
        assertThat(dump.render()).contains("actor=" + blocker.actorId());
      } finally {
        gate.countDown();
      }
    }
  }

  /**
   * Waits until a dump names the agent's loop. The agent becomes a system actor in its first
   * activation, on a pool worker, and moves to a thread of its own when it first goes idle; a dump
   * taken during that move finds it on neither. Once moved, it handles every request there and parks
   * there, so every later dump names it.
   */
  private static void awaitAgentOnItsOwnThread(AgentFixture f) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      OncePortReceiver<ThreadDumpResult> rx = f.client.openOncePort();
      f.send(new ThreadDump(rx.handle().bind()));
      if (rx.recv(TIMEOUT).actorThread(f.agent.actorId()).isPresent()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no thread dump named the agent's loop within " + TIMEOUT);
      }
    }
  }

  @Test
  void threadDumpParserReadsHeadersStatesAndFrames() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      ImmutableList<ThreadStack> threads =
          ThreadDumper.parse(
              List.of(
                  "12345",
                  "",
                  "#3 \"main\" RUNNABLE 2026-01-01T00:00:00Z",
                  "    at java.base/java.lang.Thread.run(Thread.java:1)",
                  "",
                  "#40 \"" + f.agent.actorId() + "\" virtual WAITING 2026-01-01T00:00:00Z",
                  "    at java.base/java.lang.VirtualThread.park(VirtualThread.java:1)",
                  "    - parking to wait for <x>"),
              f.proc);
      assertThat(threads).hasSize(2);
      assertThat(threads.get(0).tid()).isEqualTo(3);
      assertThat(threads.get(0).state()).isEqualTo("RUNNABLE");
      assertThat(threads.get(0).actorId()).isNull();
      assertThat(threads.get(1).virtual()).isTrue();
      assertThat(threads.get(1).state()).isEqualTo("WAITING");
      assertThat(threads.get(1).actorId()).isEqualTo(f.agent.actorId().toString());
      assertThat(threads.get(1).frames()).hasSize(2);
    }
  }

  @Test
  void cpuProfileRecordsAFlightRecordingAndSendsItsBytes() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      OncePortReceiver<CpuProfileResult> rx = f.client.openOncePort();
      f.send(new CpuProfile(Duration.ofSeconds(1), rx.handle().bind()));
      CpuProfileResult result = rx.recv(TIMEOUT);
      assertThat(result).isInstanceOf(CpuProfileResult.Ok.class);
      CpuProfileResult.Ok ok = (CpuProfileResult.Ok) result;
      assertThat(ok.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(ok.duration()).isEqualTo(Duration.ofSeconds(1));
      Path copy = Files.createTempFile("debug-services-test-", ".jfr");
      try {
        Files.write(copy, ok.recording());
        List<RecordedEvent> events = RecordingFile.readAllEvents(copy);
        assertThat(events).isNotEmpty();
      } finally {
        Files.deleteIfExists(copy);
      }
      // The agent read its temporary file into the reply and deleted it.
      assertThat(profileTempFiles()).isEmpty();
      // The agent answers while (and after) the profile runs off its loop.
      assertThat(f.agent.status().isTerminal()).isFalse();
    }
  }

  @Test
  void cpuProfileLargerThanAFrameIsRefusedWithItsSizeAndTheLimit() throws Exception {
    HyperactorConfig config = AgentFixture.quietConfig();
    long frame = CpuProfiler.ENVELOPE_ALLOWANCE + 1024;
    config.set(HyperactorAttrs.CODEC_MAX_FRAME_LENGTH, frame);
    try (AgentFixture f = new AgentFixture(config)) {
      OncePortReceiver<CpuProfileResult> rx = f.client.openOncePort();
      f.send(new CpuProfile(Duration.ofSeconds(1), rx.handle().bind()));
      CpuProfileResult result = rx.recv(TIMEOUT);
      assertThat(result).isInstanceOf(CpuProfileResult.Failed.class);
      String reason = ((CpuProfileResult.Failed) result).reason();
      long pid = ProcessHandle.current().pid();
      assertThat(reason).matches("profile of pid " + pid + " is [0-9]+ bytes, more than the 1024"
          + " bytes a reply may carry \\(codec_max_frame_length " + frame + " less 65536 for the"
          + " envelope\\); record a shorter profile or raise codec_max_frame_length");
      assertThat(profileTempFiles()).isEmpty();
    }
  }

  /** The temporary recordings of this process's profiles still on disk. */
  private static List<Path> profileTempFiles() throws Exception {
    String prefix = "hyperactor-profile-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }

  @Test
  void cpuProfileRejectsDurationsOutOfBounds() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      OncePortReceiver<CpuProfileResult> tooShort = f.client.openOncePort();
      f.send(new CpuProfile(Duration.ofMillis(10), tooShort.handle().bind()));
      assertThat(tooShort.recv(TIMEOUT))
          .isEqualTo(
              new CpuProfileResult.Rejected(
                  "profile duration 10ms is too short: it must be at least 1s"));
      OncePortReceiver<CpuProfileResult> tooLong = f.client.openOncePort();
      f.send(new CpuProfile(Duration.ofHours(1), tooLong.handle().bind()));
      assertThat(tooLong.recv(TIMEOUT))
          .isEqualTo(
              new CpuProfileResult.Rejected(
                  "profile duration 1h exceeds mesh_admin_pyspy_max_profile_duration (5m)"));
    }
  }

  @Test
  void processMemoryParsesProcStatusAndSaysWhatIsMissing() {
    ProcessMemory both =
        ProcessMemory.parse(List.of("Name:\tjava", "VmSize:\t  2048 kB", "VmRSS:\t   512 kB"));
    assertThat(both.rssBytes().getAsLong()).isEqualTo(512 * 1024L);
    assertThat(both.vmBytes().getAsLong()).isEqualTo(2048 * 1024L);
    assertThat(both.unavailableReason()).isNull();
    ProcessMemory none = ProcessMemory.parse(List.of("Name:\tjava"));
    assertThat(none.rssBytes().isPresent()).isFalse();
    assertThat(none.unavailableReason())
        .isEqualTo("unavailable: /proc/self/status has no VmRSS or VmSize line");
  }
}
