package io.hyperactor.benchmarks.pekko;

import io.hyperactor.benchmarks.MeshDriver;
import io.hyperactor.benchmarks.PeerJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Pekko side of the mesh rows: {@code peers x perPeer} remote actors on peer JVMs over Artery
 * TCP (the settings of {@link PekkoRemote}), reached with one {@code tell} to each; every actor
 * acknowledges to a sink actor of this JVM. Pekko has no cast: this is its way to reach them all.
 */
public final class PekkoMesh implements MeshDriver.Fanout, AutoCloseable {
  private final ActorSystem<Void> system;
  private final AtomicReference<MeshDriver.Listener> listener = new AtomicReference<>();
  private final List<PeerJvm> peers = new ArrayList<>();
  private final List<ActorRef<Long>> actors = new ArrayList<>();

  /** Starts the local system and {@code peers} peer JVMs of {@code perPeer} actors each. */
  public PekkoMesh(int peers, int perPeer) throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "driver", PekkoRemote.remoteConfig());
    try {
      ActorRef<Long> sink = system.systemActorOf(
          Behaviors.<Long>receiveMessage(sequence -> {
            listener.get().onAck(sequence);
            return Behaviors.same();
          }),
          "sink",
          Props.empty());
      ActorRefResolver resolver = ActorRefResolver.get(system);
      String sinkRef = resolver.toSerializationFormat(sink);
      // The peers start at once, as the forked JVMs of the Hyperactor side do.
      List<Future<PeerJvm>> starting = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        starting.add(CompletableFuture.supplyAsync(
            () -> {
              try {
                return PeerJvm.start(PekkoMeshPeer.class, sinkRef, Integer.toString(perPeer));
              } catch (Exception e) {
                throw new IllegalStateException("cannot start a Pekko peer JVM", e);
              }
            },
            command -> Thread.ofVirtual().start(command)));
      }
      Exception failure = null;
      for (Future<PeerJvm> peer : starting) {
        try {
          this.peers.add(peer.get());
        } catch (Exception e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
      for (PeerJvm peer : this.peers) {
        for (String ref : peer.readyDetails().split(" ")) {
          actors.add(resolver.resolveActorRef(ref));
        }
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public int actors() {
    return actors.size();
  }

  @Override
  public void setListener(MeshDriver.Listener listener) {
    this.listener.set(listener);
  }

  @Override
  public void deliver(long sequence) {
    Long message = sequence;
    for (ActorRef<Long> actor : actors) {
      actor.tell(message);
    }
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (PeerJvm peer : peers) {
      try {
        peer.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get();
    if (failure != null) {
      throw failure;
    }
  }
}
