package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.it.host.HostItMessages.EchoMsg;
import io.hyperactor.it.host.HostItMessages.ExitWith;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hosts over the process-forking manager: real child JVMs bootstrapped over Unix sockets. */
class ProcessHostIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(HostItMessages::register)
          // Eight JVMs starting at once on a small machine take a while; the bound is for liveness.
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .build();

  private final List<AutoCloseable> owned = new ArrayList<>();

  @AfterEach
  void closeOwned() throws Exception {
    for (AutoCloseable c : owned.reversed()) {
      c.close();
    }
  }

  private static HyperactorConfig config() {
    return kit.system().config();
  }

  private static ProcessProcManagerOptions options() {
    return ProcessProcManagerOptions.fromConfig(config())
        .withTransport(ChannelTransport.UNIX)
        .withMainClass(EchoChildMain.class.getName())
        .withTailLines(50);
  }

  private static Host<Object, ProcessProcConfig> host(ProcessProcManagerOptions options) {
    return kit.system().processHost(ChannelAddr.any(ChannelTransport.UNIX), options);
  }

  /** An outside proc on its own Unix channel, reaching hosted procs through the frontend. */
  private static Proc outsideProc(String name) {
    return kit.system().directProc(ChannelAddr.any(ChannelTransport.UNIX), name);
  }

  private static ActorRef<EchoMsg> echoOf(HostedProc<?> proc) {
    return ActorRef.attest(proc.procId().actorId(EchoActor.NAME));
  }

  private static ActorId ask(Instance<?> client, ActorRef<EchoMsg> echo) throws Exception {
    return echo.<ActorId>ask(client, WhoAreYou::new, TIMEOUT).get();
  }

  @Test
  void test_process_proc_manager() throws Exception {
    Host<Object, ProcessProcConfig> host = host(options());
    host.serve();
    assertThat(host.addr().transport()).isEqualTo(ChannelTransport.UNIX);
    HostedProc<Object> echo1 = host.spawn("echo1", ProcessProcConfig.ofRank(1));
    HostedProc<Object> echo2 = host.spawn("echo2", ProcessProcConfig.ofRank(2));
    assertThat(echo1.agent().actorId().procId()).isEqualTo(echo1.procId());
    assertThat(echo2.agent().actorId().procId()).isEqualTo(echo2.procId());
    assertThat(echo1.procId()).isEqualTo(new ProcId(host.addr(), "echo1"));
    HostException exists =
        assertThrows(HostException.class, () -> host.spawn("echo1", ProcessProcConfig.DEFAULT));
    assertThat(exists.kind()).isEqualTo(HostException.Kind.PROC_EXISTS);

    // Outside client → frontend → child; the reply goes child → backend → router → client.
    ClientInstance client = outsideProc("client").instance("client");
    assertThat(ask(client, echoOf(echo1))).isEqualTo(echo1.procId().actorId(EchoActor.NAME));
    assertThat(ask(client, echoOf(echo2))).isEqualTo(echo2.procId().actorId(EchoActor.NAME));

    // The service proc asks echo1, with the reply port on the outside client.
    ClientInstance system = host.serviceProc().instance("system");
    OncePortReceiver<ActorId> reply = client.openOncePort();
    echoOf(echo1).send(system, new WhoAreYou(reply.handle().bind()));
    assertThat(reply.recv(TIMEOUT)).isEqualTo(echo1.procId().actorId(EchoActor.NAME));

    // A polite terminate reaches the child's agent over stdin; it stops and exits with 0.
    ProcStatus stopped = host.terminateProc(echo2.procId(), TIMEOUT, "test done");
    assertThat(stopped).isInstanceOf(ProcStatus.Stopped.class);
    assertThat(((ProcStatus.Stopped) stopped).exitCode()).isEqualTo(0);
  }

  @Test
  void a_pooled_child_jvm_becomes_the_spawned_proc_and_answers() throws Exception {
    Set<Long> before = livePids(ProcessHandle.current().children());
    Host<Object, ProcessProcConfig> host = host(options().withPoolSize(1));
    host.serve();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // Only a JVM started as a pool member counts: this JVM may start other children meanwhile
    // (the class archive's assembly run, for one).
    Set<Long> started = liveIdlePoolMembers();
    while (before.containsAll(started)) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
      started = liveIdlePoolMembers();
    }
    long idle = started.stream().filter(pid -> !before.contains(pid)).findFirst().orElseThrow();

    HostedProc<Object> echo = host.spawn("pooled", ProcessProcConfig.ofRank(0));
    assertThat(host.manager().handle(echo.procId()).orElseThrow().pid().getAsLong())
        .isEqualTo(idle);
    ClientInstance client = outsideProc("pool-client").instance("client");
    assertThat(ask(client, echoOf(echo))).isEqualTo(echo.procId().actorId(EchoActor.NAME));
    ProcStatus stopped = host.terminateProc(echo.procId(), TIMEOUT, "test done");
    assertThat(stopped).isInstanceOf(ProcStatus.Stopped.class);
    assertThat(((ProcStatus.Stopped) stopped).exitCode()).isEqualTo(0);
  }

  private static Set<Long> liveIdlePoolMembers() {
    return livePids(ProcessHandle.current().children().filter(ProcessHostIT::isPoolMember));
  }

  /** Whether the process was started as an idle pool member (its environment says so). */
  private static boolean isPoolMember(ProcessHandle process) {
    try {
      Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
      return Arrays.stream(Files.readString(environ, StandardCharsets.ISO_8859_1).split("\0"))
          .anyMatch(variable -> variable.startsWith("HYPERACTOR_HOST_POOL_MEMBER="));
    } catch (IOException gone) {
      return false; // exited meanwhile
    }
  }

  private static Set<Long> livePids(Stream<ProcessHandle> processes) {
    return processes.filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(toSet());
  }

  @Test
  void spawns_eight_procs_concurrently_and_messages_each() throws Exception {
    Host<Object, ProcessProcConfig> host = host(options());
    host.serve();
    List<Future<HostedProc<Object>>> spawned = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        int rank = i;
        spawned.add(
            executor.submit(() -> host.spawn("proc" + rank, ProcessProcConfig.ofRank(rank))));
      }
    }
    ClientInstance client = outsideProc("client").instance("client");
    for (Future<HostedProc<Object>> future : spawned) {
      HostedProc<Object> proc = future.resultNow();
      assertThat(ask(client, echoOf(proc))).isEqualTo(proc.procId().actorId(EchoActor.NAME));
    }
    assertThat(host.procNames()).hasSize(8);
    assertThat(host.terminateChildren(TIMEOUT, 4, "test done").toString())
        .isEqualTo("attempted=8 ok=8 failed=0");
  }

  /** Sends to a destination and records what comes back undeliverable. */
  static final class Collector implements Actor<String> {
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();
    private final ActorRef<EchoMsg> target;

    Collector(ActorRef<EchoMsg> target) {
      this.target = target;
    }

    @Override
    public void handle(Context<String> cx, String message) {
      OncePortReceiver<ActorId> reply = cx.openOncePort();
      target.send(cx, new WhoAreYou(reply.handle().bind()));
    }

    @Override
    public void handleUndeliverable(Instance<String> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }
  }

  @Test
  void sigkilled_child_is_killed_9_and_messages_to_it_come_back() throws Exception {
    Host<Object, ProcessProcConfig> host = host(options());
    host.serve();
    HostedProc<Object> victim = host.spawn("victim", ProcessProcConfig.DEFAULT);
    ProcHandle<Object> handle = host.manager().handle(victim.procId()).orElseThrow();
    long pid = handle.pid().orElseThrow();
    // From outside the manager, as an operator or the OOM killer would.
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    assertThat(handle.waitForExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Killed(9, false));

    ActorRef<EchoMsg> echo = echoOf(victim);
    Collector collector = new Collector(echo);
    outsideProc("sender").spawn("collector", collector).send("go");
    Undeliverable returned = collector.returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(returned).isNotNull();
    assertThat(returned.envelope().dest().actorId()).isEqualTo(echo.actorId());
    assertThat(returned.error().message()).contains("has ended: Killed(sig=9)");
  }

  @Test
  void child_exiting_with_code_3_is_stopped_with_its_stderr_tail() throws Exception {
    Host<Object, ProcessProcConfig> host = host(options());
    host.serve();
    HostedProc<Object> proc = host.spawn("doomed", ProcessProcConfig.DEFAULT);
    ProcHandle<Object> handle = host.manager().handle(proc.procId()).orElseThrow();
    ClientInstance client = outsideProc("client").instance("client");
    echoOf(proc).send(client, new ExitWith(3));
    ProcStatus status = handle.waitForExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(status).isInstanceOf(ProcStatus.Stopped.class);
    ProcStatus.Stopped stopped = (ProcStatus.Stopped) status;
    assertThat(stopped.exitCode()).isEqualTo(3);
    assertThat(stopped.stderrTail()).contains("echo exiting with code 3");
  }

  @Test
  void child_that_never_calls_back_fails_the_spawn_and_is_reaped() throws Exception {
    config().set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(3));
    Host<Object, ProcessProcConfig> host =
        host(options().withMainClass(SilentChildMain.class.getName()));
    HostException e =
        assertThrows(HostException.class, () -> host.spawn("silent", ProcessProcConfig.DEFAULT));
    assertThat(e.kind()).isEqualTo(HostException.Kind.PROCESS_CONFIGURATION_FAILURE);
    assertThat(e)
        .hasMessageThat()
        .endsWith("failed to configure process: proc not ready within PT3S");
    ProcHandle<Object> handle =
        host.manager().handle(new ProcId(host.addr(), "silent")).orElseThrow();
    assertThat(handle.waitForExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Killed(9, false));
  }

  @Test
  void terminate_of_a_proc_that_ignores_stop_finishes_through_the_kill_path() throws Exception {
    Host<Object, ProcessProcConfig> host =
        host(options().withEnv(ImmutableMap.of(EchoChildMain.STUBBORN_ENV, "1")));
    HostedProc<Object> proc = host.spawn("stubborn", ProcessProcConfig.DEFAULT);
    ProcHandle<Object> handle = host.manager().handle(proc.procId()).orElseThrow();
    CompletableFuture<ProcStatus> terminated = handle.terminate(Duration.ofSeconds(4), "test");
    // Stop request, then SIGTERM at 2 s, then SIGKILL at 4 s; the bound below is for liveness.
    assertThat(terminated.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new ProcStatus.Killed(9, false));
  }

  @Test
  void children_exit_when_the_host_jvm_is_sigkilled() throws Exception {
    Process hostJvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HostJvmMain.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    owned.add(hostJvm::destroyForcibly);
    List<Long> children = new ArrayList<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(hostJvm.getInputStream(), StandardCharsets.UTF_8));
    while (children.size() < 2) {
      String line = out.readLine();
      assertThat(line).isNotNull();
      if (line.startsWith("child ")) {
        children.add(Long.parseLong(line.substring("child ".length())));
      }
    }
    hostJvm.destroyForcibly();
    assertThat(hostJvm.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (long pid : children) {
      ProcessHandle.of(pid)
          .ifPresent(child -> child.onExit().orTimeout(10, TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }
}
