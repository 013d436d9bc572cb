package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.bootstrap.TestChildMain;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm pool of the process-forking manager, against real child JVMs running {@link
 * TestChildMain}'s {@code pooled} mode, which takes a real child's first step and reports the proc
 * and configuration it was given.
 */
class ProcessPoolTest {
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
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }

  private ProcessProcManager manager(String mode, int poolSize, HyperactorConfig config) {
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(config)
                .withMainClass(TestChildMain.class.getName())
                .withTransport(ChannelTransport.LOCAL)
                .withTailLines(20)
                .withJvmArgs(ImmutableList.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"))
                .withEnv(ImmutableMap.of(TestChildMain.MODE_ENV, mode))
                .withPoolSize(poolSize),
            services.channels());
    owned.add(manager);
    return manager;
  }

  private ProcessProcManager pooled(int poolSize) {
    return manager("pooled", poolSize, HyperactorConfig.defaultsOnly());
  }

  private static ProcId procId(String name) {
    return new ProcId(BACKEND, name);
  }

  @Test
  void poolFillsToItsSize() throws Exception {
    ProcessProcManager manager = pooled(2);
    awaitTrue("pool of 2", () -> manager.poolPids().size() == 2);
    for (long pid : manager.poolPids()) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
    }
    // Idle members count as the manager's children.
    assertThat(manager.pids()).containsExactlyElementsIn(manager.poolPids());
  }

  @Test
  void spawnTakesAPooledJvmAndThePoolRefills() throws Exception {
    ProcessProcManager manager = pooled(1);
    awaitTrue("pool of 1", () -> manager.poolPids().size() == 1);
    long idle = manager.poolPids().get(0);
    ProcHandle<Object> handle =
        manager.spawn(procId("warm"), BACKEND, ProcessProcConfig.ofRank(0));
    assertThat(handle.pid().getAsLong()).isEqualTo(idle);
    awaitOutput(handle, "proc " + procId("warm") + " pooled=true ready_timeout=PT30S");
    awaitTrue(
        "a replacement member",
        () -> manager.poolPids().size() == 1 && manager.poolPids().get(0) != idle);
    assertThat(manager.pids()).containsExactly(idle, manager.poolPids().get(0)).inOrder();
  }

  @Test
  void aSpawnWhileTheFirstMemberWarmsUpWaitsForThatMember() throws Exception {
    // No wait for the pool to fill: the member's JVM is starting or warming up as the spawn
    // arrives, and it, not a cold JVM, becomes the proc.
    ProcessProcManager manager = pooled(1);
    ProcHandle<Object> handle =
        manager.spawn(procId("early"), BACKEND, ProcessProcConfig.ofRank(0));
    awaitOutput(handle, "proc " + procId("early") + " pooled=true ready_timeout=PT30S");
  }

  @Test
  void configSetAfterThePoolFilledIsTheOneTheProcSees() throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    ProcessProcManager manager = manager("pooled", 1, config);
    awaitTrue("pool of 1", () -> manager.poolPids().size() == 1);
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(77));
    ProcHandle<Object> handle =
        manager.spawn(procId("late"), BACKEND, ProcessProcConfig.ofRank(0));
    awaitOutput(handle, "proc " + procId("late") + " pooled=true ready_timeout=PT1M17S");
  }

  @Test
  void spawnWithExtraJvmArgsStartsCold() throws Exception {
    ProcessProcManager manager = pooled(1);
    awaitTrue("pool of 1", () -> manager.poolPids().size() == 1);
    long idle = manager.poolPids().get(0);
    ProcHandle<Object> handle =
        manager.spawn(
            procId("cold"), BACKEND, new ProcessProcConfig(0, ImmutableList.of("-Xmx64m")));
    assertThat(handle.pid().getAsLong()).isNotEqualTo(idle);
    awaitOutput(handle, "proc " + procId("cold") + " pooled=false ready_timeout=PT30S");
    assertThat(manager.poolPids()).containsExactly(idle);
  }

  @Test
  void aMainClassThatCannotBePooledStopsThePoolAndSpawnsStartCold() throws Exception {
    // "unpoolable" boots as a main class that built its actor system first. The spawn waits for
    // the member warming up, which exits without saying it waits: the spawn starts cold.
    ProcessProcManager manager = manager("unpoolable", 1, HyperactorConfig.defaultsOnly());
    ProcHandle<Object> handle = manager.spawn(procId("cold"), BACKEND, ProcessProcConfig.DEFAULT);
    awaitOutput(handle, "unpoolable child running as " + procId("cold"));
    awaitTrue(
        "pool members exited",
        () ->
            manager.poolPids().isEmpty()
                && ProcessHandle.current()
                    .children()
                    .filter(ProcessHandle::isAlive)
                    .allMatch(p -> p.pid() == handle.pid().getAsLong()));
    assertThat(manager.pids()).containsExactly(handle.pid().getAsLong());
  }

  @Test
  void anIdleMemberKilledWithSigkillIsReplacedAndNotHandedOut() throws Exception {
    ProcessProcManager manager = pooled(1);
    awaitTrue("pool of 1", () -> manager.poolPids().size() == 1);
    long killed = manager.poolPids().get(0);
    ProcessHandle victim = ProcessHandle.of(killed).orElseThrow();
    assertThat(victim.destroyForcibly()).isTrue();
    victim.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
    awaitTrue(
        "a replacement member",
        () -> manager.poolPids().size() == 1 && manager.poolPids().get(0) != killed);
    long replacement = manager.poolPids().get(0);
    ProcHandle<Object> handle =
        manager.spawn(procId("after-kill"), BACKEND, ProcessProcConfig.ofRank(0));
    assertThat(handle.pid().getAsLong()).isEqualTo(replacement);
    awaitOutput(handle, "proc " + procId("after-kill") + " pooled=true ready_timeout=PT30S");
  }

  @Test
  void closingTheManagerLeavesNoJvm() throws Exception {
    ProcessProcManager manager = pooled(1);
    awaitTrue("pool of 1", () -> manager.poolPids().size() == 1);
    manager.spawn(procId("busy"), BACKEND, ProcessProcConfig.ofRank(0));
    awaitTrue("pool of 1 again", () -> manager.poolPids().size() == 1);
    List<Long> pids = manager.pids();
    assertThat(pids).hasSize(2);
    manager.close();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
    assertThat(manager.pids()).isEmpty();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Waits until the child's stdout tail holds {@code line}. */
  private static void awaitOutput(ProcHandle<Object> handle, String line) {
    ProcessProcHandle process = (ProcessProcHandle) handle;
    awaitTrue(
        "'" + line + "' from " + handle.procId(),
        () -> {
          if (handle.status().isExit()) {
            throw new AssertionError(
                handle.procId() + " exited (" + handle.status() + "), stdout "
                    + process.stdoutTail());
          }
          return process.stdoutTail().contains(line);
        });
  }
}
