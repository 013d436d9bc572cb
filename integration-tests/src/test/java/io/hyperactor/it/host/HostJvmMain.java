package io.hyperactor.it.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.host.Host;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.util.concurrent.CountDownLatch;

/**
 * A host JVM for the orphan test: spawns two ready echo procs, prints {@code child <pid>} for each,
 * then waits to be killed.
 */
public final class HostJvmMain {
  private HostJvmMain() {}

  public static void main(String[] args) throws Exception {
    ActorSystem system = ActorSystem.builder().codecs(HostItMessages::register).build();
    Host<Object, ProcessProcConfig> host =
        system.processHost(
            ChannelAddr.any(ChannelTransport.UNIX),
            ProcessProcManagerOptions.fromConfig(system.config())
                .withTransport(ChannelTransport.UNIX)
                .withMainClass(EchoChildMain.class.getName()));
    host.serve();
    host.spawn("orphan0", ProcessProcConfig.ofRank(0));
    host.spawn("orphan1", ProcessProcConfig.ofRank(1));
    ProcessHandle.current().children().forEach(child -> System.out.println("child " + child.pid()));
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
