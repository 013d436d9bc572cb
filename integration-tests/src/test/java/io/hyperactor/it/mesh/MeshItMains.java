package io.hyperactor.it.mesh;

import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMain;
import io.hyperactor.runtime.ProcMain;
import java.util.concurrent.CountDownLatch;

/** The main classes of the JVMs the mesh integration tests start. */
public final class MeshItMains {
  private MeshItMains() {}

  /** A proc that knows the test actor. */
  public static final class Proc {
    private Proc() {}

    public static void main(String[] args) {
      ProcMain.boot(
          ActorSystem.builder()
              .codecs(MeshItActor::codecs)
              .codecs(OrphanWrapperActor::codecs)
              .spawnable(MeshItActor.KEY, MeshItActor::new)
              .spawnable(OrphanWrapperActor.KEY, OrphanWrapperActor::new),
          proc -> {});
    }
  }

  /** A host (forked or standalone) that knows the test actor's messages. */
  public static final class Host {
    private Host() {}

    public static void main(String[] args) {
      HostMain.boot(
          ActorSystem.builder().codecs(MeshItActor::codecs).codecs(OrphanWrapperActor::codecs),
          args);
    }
  }

  /** A proc that cannot start: it exits with code 1 at once, as the command {@code false}. */
  public static final class Failing {
    private Failing() {}

    public static void main(String[] args) {
      System.err.println("failing proc: exiting with code 1");
      System.exit(1);
    }
  }

  /** A proc that never calls its host back, as the command {@code sleep 60}. */
  public static final class Halting {
    private Halting() {}

    public static void main(String[] args) throws InterruptedException {
      // Ends when its host closes its standard input, or kills it.
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // Drain until the host is gone.
                  }
                } catch (java.io.IOException e) {
                  // The host is gone.
                }
                System.exit(0);
              });
      new CountDownLatch(1).await();
    }
  }
}
