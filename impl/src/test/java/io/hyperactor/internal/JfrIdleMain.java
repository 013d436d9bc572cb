package io.hyperactor.internal;

import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.TestActor.Msg;
import jdk.jfr.Recording;

/**
 * Runs in a forked JVM for {@link JfrIdleTest}: an actor handles a message, with a flight
 * recording created first when the argument is {@code recording}, and the JVM exits with 0 once
 * the reply came back (2 if it did not).
 */
final class JfrIdleMain {
  private JfrIdleMain() {}

  public static void main(String[] args) throws Exception {
    Recording recording = args.length > 0 && args[0].equals("recording") ? new Recording() : null;
    RuntimeServices services = TestServices.create(HyperactorConfig.defaultsOnly());
    Proc proc = Procs.local(services, "jfr-idle", TestServices.NO_EXIT);
    ClientInstance client = proc.instance("client");
    ActorHandle<Msg> actor = proc.spawn("actor", new TestActor());
    boolean replied = TestActor.reply(client, actor);
    if (recording != null) {
      recording.close();
    }
    // Halt: the proc's threads are not the subject, and a clean stop is tested elsewhere.
    Runtime.getRuntime().halt(replied ? 0 : 2);
  }
}
