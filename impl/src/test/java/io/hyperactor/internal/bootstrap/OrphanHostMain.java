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
 * A host JVM for the orphan test: with a warm pool of two, starts two children, waits until the
 * pool is full again, prints {@code child <pid>} for each of its four child JVMs (two procs, two
 * idle pool members) and {@code end}, then waits to be killed.
 */
public final class OrphanHostMain {
  private OrphanHostMain() {}

  public static void main(String[] args) throws Exception {
    ProcessProcManager manager =
        new ProcessProcManager(
            ProcessProcManagerOptions.fromConfig(HyperactorConfig.defaultsOnly())
                .withMainClass(TestChildMain.class.getName())
                .withTransport(ChannelTransport.LOCAL)
                .withEnv(ImmutableMap.of(TestChildMain.MODE_ENV, "pooled"))
                .withPoolSize(2),
            TestServices.shared().channels());
    ChannelAddr backend = new ChannelAddr.Local(0);
    for (int i = 0; i < 2; i++) {
      manager.spawn(new ProcId(backend, "orphan" + i), backend, ProcessProcConfig.ofRank(i));
    }
    while (manager.poolPids().size() < 2) {
      Thread.sleep(10);
    }
    for (long pid : manager.pids()) {
      System.out.println("child " + pid);
    }
    System.out.println("end");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
