package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.ClientInstance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.agent.ThreadDump;
import io.hyperactor.internal.agent.ThreadDumpResult;
import io.hyperactor.internal.agent.ThreadStack;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.ProcessProcConfig;
import io.hyperactor.internal.host.ProcessProcManager;
import io.hyperactor.internal.host.ProcessProcManagerOptions;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** A thread dump asked from this JVM of a child proc's agent names the child's blocked actor. */
class RemoteThreadDumpIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final IntConsumer NO_EXIT =
      code -> {
        throw new AssertionError("a test proc asked to exit the process with code " + code);
      };

  @Test
  void threadDumpFromAnotherJvmNamesTheActorBlockedInItsHandler() throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120));
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(config)
                .withTransport(ChannelTransport.UNIX)
                .withMainClass(BlockerChildMain.class.getName())
                .withTailLines(50));
    Host<Object, ProcessProcConfig> host =
        Hosts.create(
            manager,
            ChannelAddr.any(ChannelTransport.UNIX),
            BlockerChildMain.REGISTRY,
            config,
            NO_EXIT);
    Proc outside = null;
    try {
      host.serve();
      HostedProc<Object> child = host.spawn("child", ProcessProcConfig.DEFAULT);
      long childPid = manager.pids().getFirst();
      assertThat(childPid).isNotEqualTo(ProcessHandle.current().pid());
      outside =
          Procs.direct(
              ChannelAddr.any(ChannelTransport.UNIX),
              "client",
              BlockerChildMain.REGISTRY,
              config,
              NO_EXIT);
      ClientInstance client = outside.instance("client");

      // The blocker says it is inside its handler before the dump is asked for.
      ActorRef<BlockerActor.Block> blocker =
          ActorRef.attest(child.procId().actorId(BlockerActor.NAME));
      OncePortReceiver<ActorId> entered = client.openOncePort();
      blocker.send(client, new BlockerActor.Block(entered.handle().bind()));
      ActorId blockerId = entered.recv(TIMEOUT);
      assertThat(blockerId.procId()).isEqualTo(child.procId());

      OncePortReceiver<ThreadDumpResult> reply = client.openOncePort();
      child.agent().send(client, new ThreadDump(reply.handle().bind()));
      ThreadDumpResult dump = reply.recv(TIMEOUT);

      assertThat(dump.error()).isNull();
      assertThat(dump.pid()).isEqualTo(childPid);
      ThreadStack thread = dump.actorThread(blockerId).orElseThrow();
      assertThat(thread.name()).isEqualTo(blockerId.toString());
      assertThat(thread.actorStatus()).contains("processing");
      assertThat(thread.frames().stream().anyMatch(f -> f.contains("BlockerActor.handle")))
          .isTrue();
      assertThat(dump.actorThread(child.agent().actorId())).isPresent();
      assertThat(dump.render()).contains("actor=" + blockerId);
    } finally {
      // The blocker never leaves its handler, so the child is killed rather than asked to stop.
      for (long pid : manager.pids()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      host.close();
      if (outside != null) {
        outside.destroyAndWait(Duration.ofSeconds(10), null, "test finished");
      }
    }
    for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
      p.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }
}
