package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.TerminateException;
import io.hyperactor.host.TerminateSummary;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalProcManagerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ProcStatus STOPPED = new ProcStatus.Stopped(0, ImmutableList.of());

  private final RuntimeServices services =
      TestServices.create(HyperactorConfig.defaultsOnly(), CodecRegistry.builtins());
  private final LocalProcManager<Object> manager =
      new LocalProcManager<>(
          proc -> proc.spawn("agent", new HostTest.HostAgent()), services, HostTest.NO_EXIT);
  private final Rx<MessageEnvelope> backendRx =
      services
          .channels()
          .serve(
              ChannelAddr.any(ChannelTransport.LOCAL),
              new EnvelopeCodec(CodecRegistry.builtins()));
  private final ChannelAddr backend = backendRx.addr();

  @AfterEach
  void close() {
    manager.close();
    backendRx.close();
    services.close();
  }

  private ProcId id(String name) {
    return new ProcId(backend, name);
  }

  @Test
  void request_stop_reports_stopping_then_stopped_through_the_watch() throws Exception {
    manager.spawn(id("p"), backend, null);
    assertThat(manager.localProcStatus(id("p"))).isEmpty();
    List<ProcStatus> seen = new CopyOnWriteArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    manager.requestStop(id("p"), TIMEOUT, "test");
    manager
        .watch(
            id("p"),
            status -> {
              seen.add(status);
              if (status.isExit()) {
                stopped.countDown();
              }
            })
        .orElseThrow();
    // The status may have ended before the watch was registered; the snapshot tells.
    if (!manager.localProcStatus(id("p")).orElseThrow().isExit()) {
      assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(manager.localProcStatus(id("p"))).hasValue(STOPPED);
    assertThat(manager.handle(id("p"))).isEmpty();
    // Stopping twice, or an unknown proc, does nothing.
    manager.requestStop(id("p"), TIMEOUT, "again");
    manager.requestStop(id("unknown"), TIMEOUT, "unknown");
    assertThat(manager.localProcStatus(id("unknown"))).isEmpty();
  }

  @Test
  void concurrent_terminate_and_kill_share_the_first_outcome() throws Exception {
    ProcHandle<Object> handle = manager.spawn(id("p"), backend, null);
    // An actor busy in its handler holds the drain open while the second caller arrives.
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ActorHandle<String> blocker =
        manager
            .proc(id("p"))
            .orElseThrow()
            .spawn(
                "blocker",
                (Actor<String>)
                    (cx, message) -> {
                      busy.countDown();
                      release.await();
                    });
    blocker.send("block");
    assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ProcStatus> a = handle.terminate(TIMEOUT, "a");
    CompletableFuture<ProcStatus> b = handle.kill();
    assertThat(a.isDone()).isFalse();
    release.countDown();
    assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(STOPPED);
    assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(STOPPED);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> handle.kill().get(30, TimeUnit.SECONDS));
    assertThat(((TerminateException) e.getCause()).kind())
        .isEqualTo(TerminateException.Kind.ALREADY_TERMINATED);
  }

  @Test
  void terminate_all_counts_already_stopped_procs_as_ok() throws Exception {
    manager.spawn(id("a"), backend, null);
    ProcHandle<Object> b = manager.spawn(id("b"), backend, null);
    b.kill().get(30, TimeUnit.SECONDS);
    assertThat(manager.terminateAll(TIMEOUT, 0, "drain")).isEqualTo(new TerminateSummary(2, 2, 0));
    assertThat(manager.terminateAll(TIMEOUT, 1, "drain")).isEqualTo(new TerminateSummary(0, 0, 0));
  }

  @Test
  void agent_failure_names_the_proc() {
    LocalProcManager<Object> failing =
        new LocalProcManager<>(
            proc -> {
              throw new IllegalStateException("no agent today");
            },
            services,
            HostTest.NO_EXIT);
    try {
      HostException e =
          assertThrows(HostException.class, () -> failing.spawn(id("p"), backend, null));
      assertThat(e.kind()).isEqualTo(HostException.Kind.AGENT_SPAWN_FAILURE);
      assertThat(e)
          .hasMessageThat()
          .isEqualTo("failed to spawn agent on proc '" + id("p") + "': no agent today");
    } finally {
      failing.close();
    }
  }

  @Test
  void spawn_fails_clearly_when_the_backend_is_not_served() {
    ProcId proc = new ProcId(backend, "p");
    HostException e =
        assertThrows(
            HostException.class,
            () -> manager.spawn(proc, new ChannelAddr.Local(Long.MAX_VALUE), null));
    assertThat(e.kind()).isEqualTo(HostException.Kind.CHANNEL);
    assertThat(e).hasMessageThat().contains("cannot dial local:" + Long.MAX_VALUE);
  }

  @Test
  void spawn_after_close_fails() {
    manager.close();
    HostException e =
        assertThrows(HostException.class, () -> manager.spawn(id("p"), backend, null));
    assertThat(e.kind()).isEqualTo(HostException.Kind.CLOSED);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("cannot spawn proc '" + id("p") + "': manager is closed");
  }
}
