package io.hyperactor.internal;

import io.hyperactor.ActorHandle;
import io.hyperactor.Proc;
import io.hyperactor.internal.TestActor.Msg;

/**
 * Runs in a forked JVM: a root actor fails on a proc with no supervision coordinator, which must
 * end the process with exit code 1. Exits with 3 if the process survives.
 */
final class ProcExitMain {
  private ProcExitMain() {}

  public static void main(String[] args) throws Exception {
    // The default exit hook, which ends the process: what this test observes.
    RuntimeServices services =
        new RuntimeServices(
            "exit-test",
            io.hyperactor.config.HyperactorConfig.defaultsOnly(),
            io.hyperactor.internal.mailbox.CodecRegistry.builtins(),
            new io.hyperactor.internal.agent.SpawnableRegistry(),
            Procs.SYSTEM_EXIT,
            null);
    Proc proc = Procs.local(services, "exit", Procs.SYSTEM_EXIT);
    ActorHandle<Msg> handle = proc.spawn("doomed", new TestActor());
    handle.send(new TestActor.Fail("fatal without coordinator"));
    Thread.sleep(30_000);
    System.exit(3);
  }
}
