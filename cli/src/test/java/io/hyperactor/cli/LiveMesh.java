package io.hyperactor.cli;

import static com.google.common.truth.Truth.assertThat;

import com.google.inject.Guice;
import com.google.inject.Module;
import io.hyperactor.admin.MeshAdmin;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostedProc;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.inject.GrpcTransportModule;
import io.hyperactor.inject.HyperactorCoreModule;
import io.hyperactor.inject.HyperactorRuntime;
import io.hyperactor.inject.LocalProcManagerModule;
import io.hyperactor.inject.LocalTransportModule;
import io.hyperactor.inject.ProcessProcManagerModule;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running runtime with its mesh admin server on a loopback port, one proc {@code p0} and two
 * counters on it, {@code counter} and {@code other}: what the admin commands are run against.
 */
final class LiveMesh implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  final HyperactorRuntime runtime;
  final String adminUrl;
  final ProcId procId;
  final ActorRef<Counter.CounterMsg> counter;
  final ActorRef<Counter.CounterMsg> other;

  private LiveMesh(HyperactorRuntime runtime) throws Exception {
    this.runtime = runtime;
    MeshAdmin admin = runtime.meshAdmin().orElseThrow();
    this.adminUrl = admin.uri().toString();
    HostedProc<Object> proc = runtime.spawnProc("p0", 0);
    this.procId = proc.procId();
    this.counter = runtime.spawn(proc, "counter", Counter.KEY).get(30, TimeUnit.SECONDS);
    this.other = runtime.spawn(proc, "other", Counter.KEY).get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      counter.send(runtime.client(), new Counter.Incr());
    }
    // The answer comes after the three increments: the counter has handled four messages.
    long count =
        counter
            .<Long>ask(runtime.client(), Counter.Get::new, TIMEOUT)
            .get(30, TimeUnit.SECONDS);
    assertThat(count).isEqualTo(3);
  }

  /** Child JVMs over TCP (whose output the host keeps), the admin server requiring {@code token}. */
  static LiveMesh processes(String token) throws Exception {
    return start(
        token,
        new ProcessProcManagerModule().withChildModules(List.of(Counter.CounterModule.class)),
        GrpcTransportModule.tcp());
  }

  /** In-JVM procs over the local transport; {@code token} may be empty (no token). */
  static LiveMesh inJvm(String token) throws Exception {
    return start(token, new LocalProcManagerModule(), new LocalTransportModule());
  }

  private static LiveMesh start(String token, Module manager, Module transport) throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("mesh_admin_enabled", "true");
    keys.put("mesh_admin_addr", "127.0.0.1:0");
    keys.put("mesh_admin_token", token);
    // The defaults (100 ms for a child's answer) suit a server near idle procs; on a loaded test
    // machine a child JVM may answer later, and the tests want the complete tree.
    keys.put("mesh_admin_query_child_timeout", "10s");
    keys.put("mesh_admin_resolve_actor_timeout", "10s");
    keys.put("mesh_admin_single_host_timeout", "20s");
    keys.put("mesh_admin_tree_timeout", "25s");
    // The host keeps the last lines of each child's stdout and stderr, for `logs`.
    keys.put("tail_log_lines", "100");
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(keys);
    HyperactorRuntime runtime =
        Guice.createInjector(
                new HyperactorCoreModule(config), manager, transport, new Counter.CounterModule())
            .getInstance(HyperactorRuntime.class);
    try {
      runtime.start();
      return new LiveMesh(runtime);
    } catch (Exception | Error e) {
      runtime.close();
      throw e;
    }
  }

  ActorId counterId() {
    return counter.actorId();
  }

  ActorId otherId() {
    return other.actorId();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
