package io.hyperactor.internal.bootstrap;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.host.ProcessProcManager;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.util.concurrent.CountDownLatch;

/**
 * A host JVM for the orphan test: starts two sleeping children, prints {@code child <pid>} for
 * each, then waits to be killed.
 */
public final class OrphanHostMain {
  private OrphanHostMain() {}

  public static void main(String[] args) throws Exception {
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(HyperactorConfig.defaultsOnly())
                .withMainClass(TestChildMain.class.getName())
                .withTransport(ChannelTransport.LOCAL)
                .withEnv(ImmutableMap.of(TestChildMain.MODE_ENV, "sleep")),
            TestServices.shared().channels());
    ChannelAddr backend = new ChannelAddr.Local(0);
    for (int i = 0; i < 2; i++) {
      manager.spawn(new ProcId(backend, "orphan" + i), backend, ProcessProcConfig.ofRank(i));
    }
    for (long pid : manager.pids()) {
      System.out.println("child " + pid);
    }
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
