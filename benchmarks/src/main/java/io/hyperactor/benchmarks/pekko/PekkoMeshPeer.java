package io.hyperactor.benchmarks.pekko;

import io.hyperactor.benchmarks.PeerJvm;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A peer JVM of the Pekko mesh row: {@code actors} actors that acknowledge every message (a {@code
 * Long}, which Pekko serializes with its built-in serializer) to the driver's sink with the same
 * number.
 */
public final class PekkoMeshPeer {
  private PekkoMeshPeer() {}

  /** Args: the driver sink's serialized ref, the number of actors. */
  public static void main(String[] args) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "peer", PekkoRemote.remoteConfig());
    try {
      ActorRefResolver resolver = ActorRefResolver.get(system);
      ActorRef<Long> sink = resolver.resolveActorRef(args[0]);
      int actors = Integer.parseInt(args[1]);
      List<String> refs = new ArrayList<>();
      for (int i = 0; i < actors; i++) {
        refs.add(resolver.toSerializationFormat(
            system.systemActorOf(acker(sink), "acker-" + i, Props.empty())));
      }
      System.out.println("READY " + String.join(" ", refs));
      System.out.flush();
      PeerJvm.awaitParentExit();
    } finally {
      system.terminate();
    }
  }

  private static Behavior<Long> acker(ActorRef<Long> sink) {
    return Behaviors.receiveMessage(sequence -> {
      sink.tell(sequence);
      return Behaviors.same();
    });
  }
}
