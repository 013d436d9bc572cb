package io.hyperactor.benchmarks.pekko;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hyperactor.benchmarks.PeerJvm;
import io.hyperactor.benchmarks.RemoteDriver;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Two-JVM Pekko scenarios over Artery TCP on loopback: windowed throughput and request/reply
 * latency, driven by {@link RemoteDriver} exactly as the Hyperactor side is.
 */
public final class PekkoRemote implements RemoteDriver.Link {
  private final ActorSystem<Void> system;
  private final AtomicReference<RemoteDriver.Listener> listener = new AtomicReference<>();
  private final PeerJvm peer;
  private final ActorRef<byte[]> counter;
  private final ActorRef<byte[]> echo;

  /** Starts the local system and the peer JVM; {@code window} is the peer's ack window. */
  public PekkoRemote(int window) throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "driver", remoteConfig());
    ActorRef<byte[]> sink = system.systemActorOf(
        Behaviors.<byte[]>receiveMessage(bytes -> {
          listener.get().onReply(bytes);
          return Behaviors.same();
        }),
        "sink",
        Props.empty());
    ActorRefResolver resolver = ActorRefResolver.get(system);
    peer = PeerJvm.start(PekkoRemotePeer.class, resolver.toSerializationFormat(sink), Integer.toString(window));
    String[] refs = peer.readyDetails().split(" ");
    counter = resolver.resolveActorRef(refs[0]);
    echo = resolver.resolveActorRef(refs[1]);
  }

  /**
   * Artery over TCP on loopback, set up for the message sizes of the scenarios (see
   * docs/performance.md, "Big messages"); {@code -Dpekko...} system properties override any of it,
   * in the driver and, through {@code JAVA_TOOL_OPTIONS}, in the peer.
   */
  static Config remoteConfig() {
    return ConfigFactory.systemProperties().withFallback(ConfigFactory.parseString(String.join("\n",
            "pekko.loglevel = WARNING",
            "pekko.stdout-loglevel = WARNING",
            "pekko.actor.provider = remote",
            "pekko.remote.artery.transport = tcp",
            "pekko.remote.artery.canonical.hostname = 127.0.0.1",
            "pekko.remote.artery.canonical.port = 0",
            "pekko.remote.artery.advanced.maximum-frame-size = 1 MiB")))
        .withFallback(ConfigFactory.load());
  }

  @Override
  public void setListener(RemoteDriver.Listener listener) {
    this.listener.set(listener);
  }

  @Override
  public void sendToCounter(byte[] message) {
    counter.tell(message);
  }

  @Override
  public void sendToEcho(byte[] message) {
    echo.tell(message);
  }

  @Override
  public void close() throws Exception {
    try {
      peer.close();
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }
}
