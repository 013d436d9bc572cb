package io.hyperactor.it.host;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.ClientInstance;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import io.hyperactor.testkit.HyperactorTestKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A thread dump asked from this JVM of a child proc's agent names the child's blocked actor. */
class RemoteThreadDumpIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  @RegisterExtension
  static final HyperactorTestKit kit =
      HyperactorTestKit.builder()
          .codecs(BlockerChildMain::register)
          .config(c -> c.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, Duration.ofSeconds(120)))
          .build();

  @Test
  void threadDumpFromAnotherJvmNamesTheActorBlockedInItsHandler() throws Exception {
    ActorSystem system = kit.system();
    Host<Object, ProcessProcConfig> host =
        system.processHost(
            ChannelAddr.any(ChannelTransport.UNIX),
            ProcessProcManagerOptions.fromConfig(system.config())
                .withTransport(ChannelTransport.UNIX)
                .withMainClass(BlockerChildMain.class.getName())
                .withTailLines(50));
    host.serve();
    HostedProc<Object> child = host.spawn("child", ProcessProcConfig.DEFAULT);
    List<ProcessHandle> children = ProcessHandle.current().children().toList();
    assertThat(children).hasSize(1);
    long childPid = children.getFirst().pid();
    try {
      ClientInstance client = kit.client();

      // The blocker says it is inside its handler before the dump is asked for.
      ActorRef<BlockerActor.Block> blocker =
          ActorRef.attest(child.procId().actorId(BlockerActor.NAME));
      ActorId blockerId =
          blocker.<ActorId>ask(client, BlockerActor.Block::new, TIMEOUT).get();
      assertThat(blockerId.procId()).isEqualTo(child.procId());

      ThreadDumpResult dump = system.threadDump(client, child.procId()).get();

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
      ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
