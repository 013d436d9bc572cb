package io.hyperactor.benchmarks.pekko;

import io.hyperactor.benchmarks.PeerJvm;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The far side of the remote Pekko scenarios: a counter that acks every {@code window} messages to
 * the driver's sink, and an echo that returns every message to it. Messages are {@code byte[]},
 * which Pekko serializes with its built-in byte-array serializer.
 */
public final class PekkoRemotePeer {
  private PekkoRemotePeer() {}

  /** Args: the driver sink's serialized ref, the ack window. */
  public static void main(String[] args) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "peer", PekkoRemote.remoteConfig());
    try {
      ActorRefResolver resolver = ActorRefResolver.get(system);
      ActorRef<byte[]> sink = resolver.resolveActorRef(args[0]);
      int window = Integer.parseInt(args[1]);
      ActorRef<byte[]> counter = system.systemActorOf(counter(sink, window), "counter", Props.empty());
      ActorRef<byte[]> echo = system.systemActorOf(echo(sink), "echo", Props.empty());
      System.out.println("READY " + resolver.toSerializationFormat(counter) + " "
          + resolver.toSerializationFormat(echo));
      System.out.flush();
      PeerJvm.awaitParentExit();
    } finally {
      system.terminate();
    }
  }

  private static Behavior<byte[]> counter(ActorRef<byte[]> sink, int window) {
    return Behaviors.setup(ctx -> {
      int[] count = {0};
      byte[] ack = new byte[1];
      return Behaviors.receiveMessage(bytes -> {
        if (++count[0] == window) {
          count[0] = 0;
          sink.tell(ack);
        }
        return Behaviors.same();
      });
    });
  }

  private static Behavior<byte[]> echo(ActorRef<byte[]> sink) {
    return Behaviors.receiveMessage(bytes -> {
      sink.tell(bytes);
      return Behaviors.same();
    });
  }
}
