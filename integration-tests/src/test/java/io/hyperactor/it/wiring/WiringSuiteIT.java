package io.hyperactor.it.wiring;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.config.ProcManagerKind;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.inject.GrpcTransportModule;
import io.hyperactor.inject.HyperactorCoreModule;
import io.hyperactor.inject.HyperactorModules;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.inject.LocalProcManagerModule;
import io.hyperactor.inject.ProcessProcManagerModule;
import io.hyperactor.it.wiring.ItWiringModule.WhereAreYou;
import io.hyperactor.it.wiring.ItWiringModule.Whereabouts;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.HostRef;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.Status;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One suite, run once per wiring: {@code hyperactor.it.wiring} is {@code local} (in-process procs,
 * local transport), {@code process-unix} or {@code process-tcp} (child JVMs over gRPC). The
 * injector is built from the configuration, as an application would.
 */
class WiringSuiteIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Wiring wiring = Wiring.fromSystemProperty();

  @RegisterExtension
  static final HyperactorTestKit kit = wiring.kit();

  private HyperactorRuntime runtime;

  @BeforeEach
  void startRuntime() {
    runtime = kit.runtime();
  }

  private Whereabouts ask(ActorRef<WhereAreYou> probe) throws Exception {
    return probe.<Whereabouts>ask(runtime.client(), WhereAreYou::new, TIMEOUT).get();
  }

  private ActorRef<WhereAreYou> spawnProbe(HostedProc<?> proc) throws Exception {
    return runtime.spawn(proc, "probe", ItWiringModule.PROBE).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void procs_run_the_parents_wiring_and_answer_through_agent_spawned_actors() throws Exception {
    assertThat(runtime.managerKind()).isEqualTo(wiring.manager);
    assertThat(runtime.transport()).isEqualTo(wiring.transport);
    assertThat(runtime.host().addr().transport()).isEqualTo(wiring.transport);

    List<HostedProc<Object>> procs =
        List.of(runtime.spawnProc("p0", 0), runtime.spawnProc("p1", 1));
    for (HostedProc<Object> proc : procs) {
      ActorRef<WhereAreYou> probe = spawnProbe(proc);
      assertThat(probe.actorId()).isEqualTo(proc.procId().actorId("probe"));
      Whereabouts where = ask(probe);
      assertThat(where.proc()).isEqualTo(proc.procId().name());
      // The probe's configuration comes from its proc's injector: the child's, if forked.
      assertThat(where.procManager()).isEqualTo(wiring.manager.toString());
      assertThat(where.transport()).isEqualTo(wiring.transport.toString());
      if (wiring.forks()) {
        assertThat(where.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(runtime.actorTree(proc).get().pid()).isEqualTo(where.pid());
      } else {
        assertThat(where.pid()).isEqualTo(ProcessHandle.current().pid());
      }
    }
    assertThat(runtime.actorTree(procs.get(0)).get().actors().stream().map(e -> e.actorId().name()))
        .containsAtLeast("proc_agent", "agent_gateway", "probe");
  }

  @Test
  void the_host_mesh_spawns_procs_and_an_actor_mesh_under_this_wiring() throws Exception {
    HostMesh hosts = runtime.hostMesh();
    assertThat(hosts.hosts()).containsExactly(new HostRef(runtime.host().addr()));
    ProcMesh procs =
        hosts.spawnProcs("workers", Extent.of("gpus", 2)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(procs.extent()).isEqualTo(Extent.of("hosts", 1, "gpus", 2));
    ActorMesh<WhereAreYou> probes =
        procs.spawn("probe", ItWiringModule.PROBE).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    ValueMesh<Whereabouts> where =
        probes
            .<Whereabouts>call(runtime.client(), WhereAreYou::new, TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Set<Long> pids = new HashSet<>();
    for (int rank = 0; rank < 2; rank++) {
      Whereabouts w = where.get(rank).orElseThrow();
      assertThat(w.proc()).isEqualTo(procs.get(rank).orElseThrow().procId().name());
      assertThat(w.procManager()).isEqualTo(wiring.manager.toString());
      assertThat(w.transport()).isEqualTo(wiring.transport.toString());
      pids.add(w.pid());
    }
    if (wiring.forks()) {
      assertThat(pids).hasSize(2);
      assertThat(pids).doesNotContain(ProcessHandle.current().pid());
    } else {
      assertThat(pids).containsExactly(ProcessHandle.current().pid());
    }

    assertThat(probes.stop("done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().toList())
        .containsExactly(Status.STOPPED, Status.STOPPED);
    assertThat(procs.stop("done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values().toList())
        .containsExactly(Status.STOPPED, Status.STOPPED);
  }

  @Test
  void a_spawned_host_mesh_runs_hosts_and_procs_of_this_wiring() throws Exception {
    HostMesh hosts = runtime.spawnHostMesh(2).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(hosts.extent()).isEqualTo(Extent.of("hosts", 2));
    ProcMesh procs =
        hosts.spawnProcs("spawned", Extent.of("gpus", 1)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ActorMesh<WhereAreYou> probes =
        procs.spawn("probe", ItWiringModule.PROBE).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ValueMesh<Whereabouts> where =
        probes
            .<Whereabouts>call(runtime.client(), WhereAreYou::new, TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Set<Long> procPids = new HashSet<>();
    Set<ProcessHandle> hostJvms = new HashSet<>();
    for (Whereabouts w : where.asList()) {
      // Hosts and procs install the runtime's modules and read its configuration.
      assertThat(w.procManager()).isEqualTo(wiring.manager.toString());
      assertThat(w.transport()).isEqualTo(wiring.transport.toString());
      procPids.add(w.pid());
      if (wiring.forks()) {
        ProcessHandle hostJvm = ProcessHandle.of(w.pid()).orElseThrow().parent().orElseThrow();
        assertThat(hostJvm.parent().map(ProcessHandle::pid)).hasValue(ProcessHandle.current().pid());
        hostJvms.add(hostJvm);
      }
    }
    if (wiring.forks()) {
      // Each proc is a JVM forked by its own host's JVM, which this JVM forked.
      assertThat(procPids).hasSize(2);
      assertThat(hostJvms).hasSize(2);
    } else {
      assertThat(procPids).containsExactly(ProcessHandle.current().pid());
    }

    hosts.shutdown().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (ProcessHandle hostJvm : hostJvms) {
      hostJvm.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    for (long pid : procPids) {
      if (wiring.forks()) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      }
    }
  }

  @Test
  void a_terminated_proc_reports_its_exit_and_the_rest_keep_working() throws Exception {
    HostedProc<Object> stopped = runtime.spawnProc("stopped", 0);
    HostedProc<Object> alive = runtime.spawnProc("alive", 1);
    ProcStatus status = runtime.host().terminateProc(stopped.procId(), TIMEOUT, "test done");
    assertThat(status).isInstanceOf(ProcStatus.Stopped.class);
    assertThat(((ProcStatus.Stopped) status).exitCode()).isEqualTo(0);

    assertThat(ask(spawnProbe(alive)).proc()).isEqualTo("alive");
  }

  @Test
  void a_killed_proc_is_reported_to_its_watchers() throws Exception {
    HostedProc<Object> victim = runtime.spawnProc("victim", 0);
    assertThat(ask(spawnProbe(victim)).proc()).isEqualTo("victim");
    // Everything sent so far was answered; its acknowledgements arrive before the kill.
    runtime.flush(TIMEOUT);
    ProcHandle<Object> handle = runtime.procHandle(victim.procId()).orElseThrow();
    CompletableFuture<ProcStatus> terminal = new CompletableFuture<>();
    handle.watch(
        s -> {
          if (s instanceof ProcStatus.Stopped || s instanceof ProcStatus.Killed) {
            terminal.complete(s);
          }
        });
    handle.kill().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ProcStatus seen = terminal.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (wiring.forks()) {
      // SIGKILL of a child JVM.
      assertThat(seen).isEqualTo(new ProcStatus.Killed(9, false));
    } else {
      // An in-JVM proc has no process to signal; it is aborted and ends as Stopped(0).
      assertThat(seen).isInstanceOf(ProcStatus.Stopped.class);
    }
  }

  @Test
  void close_reaps_every_proc_without_terminating_them_first() throws Exception {
    runtime.spawnProc("a", 0);
    runtime.spawnProc("b", 1);
    runtime.close();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }

  @Test
  void a_miswired_injector_fails_with_what_to_install() {
    Module other =
        wiring.manager == ProcManagerKind.LOCAL
            ? new ProcessProcManagerModule()
            : new LocalProcManagerModule();
    List<Module> modules =
        List.of(
            new HyperactorCoreModule(HyperactorConfig.defaultsOnly()),
            HyperactorModules.managerModule(wiring.manager, List.of()),
            other,
            GrpcTransportModule.unix());
    CreationException e =
        assertThrows(CreationException.class, () -> Guice.createInjector(modules));
    assertThat(e)
        .hasMessageThat()
        .contains(
            "install exactly one of LocalProcManagerModule or ProcessProcManagerModule (found:"
                + " LocalProcManagerModule, ProcessProcManagerModule)");
  }

  /** The wirings the build runs this suite against. */
  private record Wiring(String name, ProcManagerKind manager, ChannelTransport transport) {
    static final String PROPERTY = "hyperactor.it.wiring";

    static Wiring fromSystemProperty() {
      String name = System.getProperty(PROPERTY, "local");
      return switch (name) {
        case "local" -> new Wiring(name, ProcManagerKind.LOCAL, ChannelTransport.LOCAL);
        case "process-unix" -> new Wiring(name, ProcManagerKind.PROCESS, ChannelTransport.UNIX);
        case "process-tcp" -> new Wiring(name, ProcManagerKind.PROCESS, ChannelTransport.TCP);
        default ->
            throw new IllegalArgumentException(
                PROPERTY
                    + "='"
                    + name
                    + "' is not a wiring; use local, process-unix or process-tcp");
      };
    }

    boolean forks() {
      return manager == ProcManagerKind.PROCESS;
    }

    /** A kit whose runtime has this wiring and the suite's module. */
    HyperactorTestKit kit() {
      HyperactorTestKit.Builder builder =
          HyperactorTestKit.builder()
              // JVMs starting on a loaded two-core machine take a while; the bound is for liveness.
              .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
              // Children's output is piped and kept as a tail: inherited, it would land in
              // failsafe's channel to this JVM.
              .config(c -> c.set(HyperactorAttrs.MESH_TAIL_LOG_LINES, 50L));
      return forks()
          ? builder.processWiring(transport, new ItWiringModule()).build()
          : builder.localWiring(transport, new ItWiringModule()).build();
    }
  }
}
