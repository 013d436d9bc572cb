package io.hyperactor.it;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.it.BoundaryActors.BlobSender;
import io.hyperactor.it.BoundaryActors.Recorder;
import io.hyperactor.it.BoundaryActors.Start;
import io.hyperactor.it.BoundaryMessages.SendBlobs;
import io.hyperactor.runtime.ActorSystem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A peer JVM for the boundary tests: a direct proc over TCP with no supervision coordinator (an
 * unhandled failure of a root actor ends the process), whose root actors are a {@code recorder}
 * ({@link Recorder}), a {@code blobs} sender ({@link BlobSender}) and {@code requests}, which hands
 * {@link SendBlobs} requests to the sender. Prints {@code READY <proc id>} and exits when its
 * standard input closes. Its configuration comes from its environment.
 */
public final class BoundaryPeerMain {
  private BoundaryPeerMain() {}

  public static void main(String[] args) throws Exception {
    ActorSystem system = ActorSystem.builder().codecs(BoundaryMessages::register).build();
    Proc proc = system.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "peer");
    proc.spawn("recorder", new Recorder());
    var blobs = proc.spawn("blobs", new BlobSender());
    proc.spawn(
        "requests",
        new Actor<SendBlobs>() {
          @Override
          public void handle(Context<SendBlobs> cx, SendBlobs request) {
            blobs.send(cx, new Start(request));
          }
        });
    System.out.println("READY " + proc.procId());
    System.out.flush();
    InputStream in = System.in;
    try {
      while (in.read() >= 0) {
        // The parent writes nothing; end of input is the signal to exit.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone.
    }
    proc.destroyAndWait(Duration.ofSeconds(5), "parent closed stdin");
    System.exit(0);
  }
}
