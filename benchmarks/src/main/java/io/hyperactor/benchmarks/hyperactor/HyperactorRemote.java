package io.hyperactor.benchmarks.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.benchmarks.PeerJvm;
import io.hyperactor.benchmarks.RemoteDriver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.runtime.ActorSystem;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two-JVM Hyperactor scenarios over the gRPC channel transport (TCP loopback or a Unix socket),
 * driven by {@link RemoteDriver} exactly as the Pekko side is. This JVM runs a direct proc with a
 * sink actor; the peer JVM ({@link HyperactorRemotePeer}) runs a direct proc on the same transport
 * with a counter and an echo. Messages are plain {@code byte[]}, a built-in payload type of the
 * codec, like Pekko's byte-array messages.
 */
public final class HyperactorRemote implements RemoteDriver.Link {
  private final ActorSystem system = ActorSystem.create();
  private final Proc proc;
  private final ClientInstance client;
  private final AtomicReference<RemoteDriver.Listener> listener = new AtomicReference<>();
  private final PeerJvm peer;
  private final ActorRef<byte[]> counter;
  private final ActorRef<byte[]> echo;

  /** Serves a proc on {@code transport}, starts the peer JVM; {@code window} is its ack window. */
  public HyperactorRemote(ChannelTransport transport, int window) throws Exception {
    checkArgument(transport == ChannelTransport.TCP || transport == ChannelTransport.UNIX,
        "remote benchmarks run over tcp or unix, not %s", transport);
    proc = system.directProc(address(transport), "driver");
    try {
      ActorHandle<byte[]> sink = proc.spawn("sink", new Sink(listener));
      client = proc.instance("client");
      peer = PeerJvm.start(HyperactorRemotePeer.class,
          transport.name(), sink.actorId().toString(), Integer.toString(window));
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
    ProcId peerProc = ProcId.parse(peer.readyDetails());
    counter = ActorRef.attest(peerProc.actorId("counter"));
    echo = ActorRef.attest(peerProc.actorId("echo"));
  }

  static ChannelAddr address(ChannelTransport transport) {
    return transport == ChannelTransport.TCP
        ? ChannelAddr.anyLocalhost(transport)
        : ChannelAddr.any(transport);
  }

  /** Hands every message from the peer (acks and echoes) to the driver's listener. */
  private static final class Sink implements Actor<byte[]> {
    private final AtomicReference<RemoteDriver.Listener> listener;

    Sink(AtomicReference<RemoteDriver.Listener> listener) {
      this.listener = listener;
    }

    @Override
    public void handle(Context<byte[]> cx, byte[] message) {
      listener.get().onReply(message);
    }
  }

  @Override
  public void setListener(RemoteDriver.Listener listener) {
    this.listener.set(listener);
  }

  // A client instance may be used by one thread at a time; the driver sends from its own thread
  // and from the sink's handler, so sends are serialized here.
  @Override
  public synchronized void sendToCounter(byte[] message) {
    counter.send(client, message);
  }

  @Override
  public synchronized void sendToEcho(byte[] message) {
    echo.send(client, message);
  }

  @Override
  public void close() throws Exception {
    try {
      peer.close();
    } finally {
      client.close();
      system.close();
    }
  }
}
