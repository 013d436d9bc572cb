package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.benchmarks.PeerJvm;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;

/**
 * The far side of the remote Hyperactor scenarios: a direct proc with a counter that acks every
 * {@code window} messages to the driver's sink, and an echo that returns every message to it.
 * Prints {@code READY <proc id>} and exits when its standard input closes.
 */
public final class HyperactorRemotePeer {
  private HyperactorRemotePeer() {}

  /** Args: the transport ({@code TCP} or {@code UNIX}), the sink's actor id, the ack window. */
  public static void main(String[] args) throws Exception {
    ChannelTransport transport = ChannelTransport.valueOf(args[0]);
    ActorRef<byte[]> sink = ActorRef.attest(ActorId.parse(args[1]));
    int window = Integer.parseInt(args[2]);
    ActorSystem system = ActorSystem.create();
    Proc proc = system.directProc(HyperactorRemote.address(transport), "peer");
    try {
      proc.spawn("counter", new Counter(sink, window));
      proc.spawn("echo", new Echo(sink));
      System.out.println("READY " + proc.procId());
      System.out.flush();
      PeerJvm.awaitParentExit();
    } finally {
      system.close();
    }
    System.exit(0);
  }

  private static final class Counter implements Actor<byte[]> {
    private final ActorRef<byte[]> sink;
    private final int window;
    private final byte[] ack = new byte[1];
    private int count;

    Counter(ActorRef<byte[]> sink, int window) {
      this.sink = sink;
      this.window = window;
    }

    @Override
    public void handle(Context<byte[]> cx, byte[] message) {
      if (++count == window) {
        count = 0;
        sink.send(cx, ack);
      }
    }
  }

  private static final class Echo implements Actor<byte[]> {
    private final ActorRef<byte[]> sink;

    Echo(ActorRef<byte[]> sink) {
      this.sink = sink;
    }

    @Override
    public void handle(Context<byte[]> cx, byte[] message) {
      sink.send(cx, message);
    }
  }
}
