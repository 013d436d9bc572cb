package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.Actor;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.SpawnKey;
import io.hyperactor.benchmarks.MeshDriver;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.ActorMesh;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMesh;
import io.hyperactor.mesh.ProcMesh;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMeshes;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Hyperactor side of the mesh rows: an actor mesh of {@code hosts x perHost} actors on JVMs
 * forked by a process host over Unix sockets, one JVM per host, each JVM serving an in-process host
 * whose {@code perHost} procs (one actor each) live in it ({@link MeshHostMain}). Every actor
 * acknowledges each message (a {@code Long}) to a sink actor of this JVM's client.
 *
 * <p>{@link #cast()} reaches the actors with one cast to the mesh, {@link #pointToPoint()} with one
 * send to each actor's reference; both from the same client instance.
 */
public final class HyperactorMesh implements AutoCloseable {
  /** The spawnable acknowledging actor; its parameter is the sink to acknowledge to. */
  static final SpawnKey<Long, ActorId> ACKER =
      SpawnKey.of("bench.MeshAcker", Long.class, ActorId.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Asks a forked JVM for its host's address. */
  public record HostAddress(OncePortRef<ChannelAddr> reply) {}

  private final ActorSystem system;
  private final Host<Object, ProcessProcConfig> launcher;
  private final HostMesh hosts;
  private final ClientInstance client;
  private final AtomicReference<MeshDriver.Listener> listener = new AtomicReference<>();
  private final ActorMesh<Long> actors;
  private final List<ActorRef<Long>> refs = new ArrayList<>();

  /** The actor system of the driver and of every forked JVM: the same codecs and spawnables. */
  static ActorSystem.Builder systemBuilder() {
    return ActorSystem.builder()
        .codecs(c -> c.record("bench.MeshHostAddress", HostAddress.class))
        .spawnable(ACKER, sink -> new Acker(ActorRef.attest(sink)));
  }

  /** Forks {@code hosts} JVMs and spawns {@code perHost} acknowledging actors in each. */
  public HyperactorMesh(int hosts, int perHost) throws Exception {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.DEFAULT_TRANSPORT, ChannelTransport.UNIX);
    // Liveness only: several JVMs starting at once on a small, shared machine take a while, and a
    // starved child may not acknowledge its callback within the default delivery timeout.
    config.set(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT, TIMEOUT);
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, TIMEOUT);
    system = systemBuilder().config(config).exitHook(code -> {}).build();
    Host<Object, ProcessProcConfig> started = null;
    try {
      started = system.processHost(ChannelAddr.any(ChannelTransport.UNIX),
          ProcessProcManagerOptions.fromConfig(config)
              .withTransport(ChannelTransport.UNIX)
              .withMainClass(MeshHostMain.class.getName()));
      started.serve();
      launcher = started;
      client = system.client();
      this.hosts = HostMeshes.attach(system, forkHosts(hosts)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ProcMesh procs = this.hosts.spawnProcs("bench", Extent.of("procs", perHost))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ActorId sink = client.spawnWithName("mesh_sink", new Sink(listener)).actorId();
      actors = procs.spawn("ackers", ACKER, sink).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      for (int rank = 0; rank < actors.numRanks(); rank++) {
        refs.add(actors.get(rank).orElseThrow());
      }
    } catch (Exception | Error e) {
      try {
        if (started != null) {
          started.close();
        }
      } finally {
        system.close();
      }
      throw e;
    }
  }

  /** Forks {@code count} host JVMs at once and returns their hosts' addresses. */
  private List<ChannelAddr> forkHosts(int count) throws Exception {
    List<CompletableFuture<HostedProc<Object>>> forked = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int rank = i;
      forked.add(CompletableFuture.supplyAsync(
          () -> launcher.spawn("mesh-host-" + rank, ProcessProcConfig.ofRank(rank)),
          command -> Thread.ofVirtual().start(command)));
    }
    List<ChannelAddr> addrs = new ArrayList<>();
    for (CompletableFuture<HostedProc<Object>> f : forked) {
      ActorRef<HostAddress> info = ActorRef.attest(
          f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).procId().actorId(MeshHostMain.HOST_INFO));
      addrs.add(info.<ChannelAddr>ask(client, HostAddress::new, TIMEOUT).get());
    }
    return addrs;
  }

  /** The actors, reached with one cast per message. */
  public MeshDriver.Fanout cast() {
    return new Fanout() {
      @Override
      public void deliver(long sequence) {
        actors.cast(client, sequence);
      }
    };
  }

  /** The actors, reached with one send to each per message. */
  public MeshDriver.Fanout pointToPoint() {
    return new Fanout() {
      @Override
      public void deliver(long sequence) {
        Long message = sequence;
        for (ActorRef<Long> ref : refs) {
          ref.send(client, message);
        }
      }
    };
  }

  /**
   * The group of every actor. A client instance may be used by one thread at a time: the driver
   * delivers from its own thread and from the sink's handler, one at a time.
   */
  private abstract class Fanout implements MeshDriver.Fanout {
    @Override
    public int actors() {
      return refs.size();
    }

    @Override
    public void setListener(MeshDriver.Listener listener) {
      HyperactorMesh.this.listener.set(listener);
    }
  }

  /** Acknowledges every message to the sink, with the message's own number. */
  private static final class Acker implements Actor<Long> {
    private final ActorRef<Long> sink;

    Acker(ActorRef<Long> sink) {
      this.sink = sink;
    }

    @Override
    public void handle(Context<Long> cx, Long sequence) {
      sink.send(cx, sequence);
    }
  }

  /** Hands every acknowledgement to the driver's listener. */
  private static final class Sink implements Actor<Long> {
    private final AtomicReference<MeshDriver.Listener> listener;

    Sink(AtomicReference<MeshDriver.Listener> listener) {
      this.listener = listener;
    }

    @Override
    public void handle(Context<Long> cx, Long sequence) {
      listener.get().onAck(sequence);
    }
  }

  @Override
  public void close() {
    try {
      hosts.close();
      // The forked JVMs take the mesh's last messages (the hosts' drain and shutdown) and answer
      // them at once, but acknowledge them on their link only within the acknowledgement interval:
      // wait for that before stopping them, or the client's link would still hold them unacked
      // at its close and return them after its flush timed out.
      client.proc().forwarder().flush(TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException("closing the mesh: " + e.getMessage(), e);
    } finally {
      try {
        launcher.close();
      } finally {
        system.close();
      }
    }
  }
}
