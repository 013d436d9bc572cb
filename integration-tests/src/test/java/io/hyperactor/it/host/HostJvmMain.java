package io.hyperactor.it.host;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.ProcessProcConfig;
import io.hyperactor.internal.host.ProcessProcManager;
import io.hyperactor.internal.host.ProcessProcManagerOptions;
import java.util.concurrent.CountDownLatch;

/**
 * A host JVM for the orphan test: spawns two ready echo procs, prints {@code child <pid>} for each,
 * then waits to be killed.
 */
public final class HostJvmMain {
  private HostJvmMain() {}

  public static void main(String[] args) throws Exception {
    HyperactorConfig config = HyperactorConfig.global();
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(config)
                .withTransport(ChannelTransport.UNIX)
                .withMainClass(EchoChildMain.class.getName()));
    Host<Object, ProcessProcConfig> host =
        Hosts.create(
            manager,
            ChannelAddr.any(ChannelTransport.UNIX),
            HostItMessages.REGISTRY,
            config,
            Procs.SYSTEM_EXIT);
    host.serve();
    host.spawn("orphan0", ProcessProcConfig.ofRank(0));
    host.spawn("orphan1", ProcessProcConfig.ofRank(1));
    for (long pid : manager.pids()) {
      System.out.println("child " + pid);
    }
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
