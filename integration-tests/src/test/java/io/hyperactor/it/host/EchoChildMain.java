package io.hyperactor.it.host;

import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcMain;
import java.util.concurrent.CountDownLatch;

/**
 * A child proc with an {@link EchoActor}; with {@value #STUBBORN_ENV} set it also refuses to finish
 * its JVM shutdown, as a proc whose actors ignore stop would.
 */
public final class EchoChildMain {
  static final String STUBBORN_ENV = "IT_CHILD_STUBBORN";

  private EchoChildMain() {}

  public static void main(String[] args) {
    if (System.getenv(STUBBORN_ENV) != null) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    ProcMain.boot(
        ActorSystem.builder().codecs(HostItMessages::register),
        proc -> proc.spawn(EchoActor.NAME, new EchoActor()));
  }
}
