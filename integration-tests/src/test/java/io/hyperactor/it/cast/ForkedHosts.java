package io.hyperactor.it.cast;

import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host mesh whose hosts each run in a JVM of their own, forked by the process proc manager
 * ({@link CastHostMain}); the procs a host spawns run inside its JVM, so a proc mesh of {@code
 * gpus: 8} per host puts eight actors in every forked JVM. Closing it shuts the hosts down and
 * ends the JVMs.
 */
final class ForkedHosts implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  final Host<Object, ProcessProcConfig> launcher;
  final List<HostedProc<Object>> jvms;
  final HostMesh hosts;

  private ForkedHosts(
      Host<Object, ProcessProcConfig> launcher, List<HostedProc<Object>> jvms, HostMesh hosts) {
    this.launcher = launcher;
    this.jvms = jvms;
    this.hosts = hosts;
  }

  /** Forks {@code n} host JVMs of {@code system} and attaches to their hosts. */
  static ForkedHosts start(ActorSystem system, ClientInstance client, int n) throws Exception {
    ProcessProcManagerOptions options =
        ProcessProcManagerOptions.fromConfig(system.config())
            .withTransport(ChannelTransport.UNIX)
            .withMainClass(CastHostMain.class.getName())
            .withTailLines(50);
    Host<Object, ProcessProcConfig> launcher =
        system.processHost(ChannelAddr.any(ChannelTransport.UNIX), options);
    try {
      launcher.serve();
      List<CompletableFuture<HostedProc<Object>>> forked = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int rank = i;
        forked.add(
            CompletableFuture.supplyAsync(
                () -> launcher.spawn("cast-host-" + rank, ProcessProcConfig.ofRank(rank)),
                command -> Thread.ofVirtual().start(command)));
      }
      List<HostedProc<Object>> jvms = new ArrayList<>();
      List<ChannelAddr> addrs = new ArrayList<>();
      for (CompletableFuture<HostedProc<Object>> f : forked) {
        HostedProc<Object> jvm = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        jvms.add(jvm);
        ActorRef<CastMeshActor.HostAddress> info =
            ActorRef.attest(jvm.procId().actorId(CastHostMain.HOST_INFO));
        addrs.add(info.<ChannelAddr>ask(client, CastMeshActor.HostAddress::new, TIMEOUT).get());
      }
      HostMesh hosts = HostMeshes.attach(system, addrs).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new ForkedHosts(launcher, jvms, hosts);
    } catch (Exception | Error e) {
      launcher.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      hosts.close();
    } finally {
      launcher.close();
    }
  }
}
