package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Proc;
import io.hyperactor.Scheduler;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.spi.ChannelProvider;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.channel.LocalChannelProvider;
import io.hyperactor.internal.channel.TransportFactory;
import io.hyperactor.internal.mailbox.CodecRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What every proc, host and channel of one actor system shares: its configuration, dispatcher
 * pool, scheduler, channels (with its own {@code local:N} address space), codec registry,
 * spawnable actor types and default exit hook.
 *
 * <p>Nothing here is JVM-global: two systems in one JVM have two of everything, and {@link
 * #close()} stops the threads this object started (the dispatcher pool and its watchdog, and the
 * scheduler unless it was given from outside). Procs, hosts and channels are closed by the public
 * actor system before it closes this. Thread-safe.
 */
public final class RuntimeServices implements AutoCloseable {
  private final String name;
  private final HyperactorConfig config;
  private final CodecRegistry codecs;
  private final SpawnableRegistry spawnables;
  private final IntConsumer exitHook;
  private final Telemetry telemetry;
  private final ActorDispatcher dispatcher;
  private final Scheduler scheduler;
  private final @Nullable TimerService ownedTimers;
  private final LocalChannelProvider local = new LocalChannelProvider();
  private final Channels channels;
  /** The procs reachable in this JVM from the system's other procs, by id. */
  private final ConcurrentHashMap<ProcId, Proc> inJvm = new ConcurrentHashMap<>();
  private final MeshFailureListeners meshFailures = new MeshFailureListeners();
  /** The hosts of this system that are not closed: their frontends stop serving before an exit. */
  private final Set<Host<?, ?>> openHosts = ConcurrentHashMap.newKeySet();

  /**
   * Services named {@code name} (it names their threads) reading {@code config}; {@code scheduler}
   * null means a scheduler thread of their own.
   */
  public RuntimeServices(
      String name,
      HyperactorConfig config,
      CodecRegistry codecs,
      SpawnableRegistry spawnables,
      IntConsumer exitHook,
      @Nullable Scheduler scheduler) {
    this(name, config, codecs, spawnables, exitHook, scheduler, Telemetry.disabled());
  }

  /** As the other constructor, exporting metrics and trace context through {@code telemetry}. */
  public RuntimeServices(
      String name,
      HyperactorConfig config,
      CodecRegistry codecs,
      SpawnableRegistry spawnables,
      IntConsumer exitHook,
      @Nullable Scheduler scheduler,
      Telemetry telemetry) {
    this.telemetry = checkNotNull(telemetry, "telemetry");
    this.name = checkNotNull(name, "name");
    this.config = checkNotNull(config, "config");
    this.codecs = checkNotNull(codecs, "codecs");
    this.spawnables = checkNotNull(spawnables, "spawnables");
    this.exitHook = checkNotNull(exitHook, "exitHook");
    this.dispatcher = new ActorDispatcher(name, config.get(HyperactorAttrs.DISPATCHER_PARALLELISM));
    if (scheduler == null) {
      this.ownedTimers = new TimerService("hyperactor-scheduler-" + name);
      this.scheduler = ownedTimers;
    } else {
      this.ownedTimers = null;
      this.scheduler = scheduler;
    }
    List<ChannelProvider> providers = new ArrayList<>();
    providers.add(local);
    for (TransportFactory factory :
        ServiceLoader.load(TransportFactory.class, TransportFactory.class.getClassLoader())) {
      providers.add(factory.create(config, telemetry));
    }
    this.channels = Channels.of(providers);
  }

  /** Who hears the failures and stops that the system's meshes report. */
  public MeshFailureListeners meshFailures() {
    return meshFailures;
  }

  /** The system's name, which names its threads. */
  public String name() {
    return name;
  }

  public HyperactorConfig config() {
    return config;
  }

  public CodecRegistry codecs() {
    return codecs;
  }

  public SpawnableRegistry spawnables() {
    return spawnables;
  }

  /** What a proc calls when an unhandled failure has nowhere to go, unless given its own. */
  public IntConsumer exitHook() {
    return exitHook;
  }

  public ActorDispatcher dispatcher() {
    return dispatcher;
  }

  /** The metrics and trace propagation of this system. */
  public Telemetry telemetry() {
    return telemetry;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Channels channels() {
    return channels;
  }

  /** The {@code local} transport of this system, for reserving addresses. */
  public LocalChannelProvider localChannels() {
    return local;
  }

  /**
   * Makes {@code proc} reachable, in this JVM, from every proc of these services that routes
   * in-JVM first (local and direct procs), until {@code proc} is torn down.
   */
  public void registerInJvm(Proc proc) {
    inJvm.put(proc.procId(), proc);
    Procs.onTeardown(proc, () -> inJvm.remove(proc.procId(), proc));
  }

  /** The proc registered in-JVM under {@code procId}, if any. */
  @Nullable Proc inJvmProc(ProcId procId) {
    return inJvm.get(procId);
  }

  /** Counts {@code host} among the hosts whose frontends {@link #stopHostsServing} stops. */
  public void hostOpened(Host<?, ?> host) {
    openHosts.add(checkNotNull(host, "host"));
  }

  /** {@code host} is closed: its frontend stopped serving with it. */
  public void hostClosed(Host<?, ?> host) {
    openHosts.remove(host);
  }

  /**
   * Stops the frontend of every open host of this system and waits up to {@code timeout} for them,
   * before a process that serves them ends without closing the system (a child proc's exit after
   * its agent stopped every actor). A frontend's graceful stop acknowledges every message it took,
   * so their senders do not return them once the process is gone (messages are acknowledged in
   * batches, up to {@code message_ack_time_interval} after they are taken), and tells its peers it
   * is closed, so they return what it did not take at once. Returns the hosts that had not stopped
   * serving within the timeout.
   */
  public List<Host<?, ?>> stopHostsServing(String reason, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Host<?, ?>> hosts = List.copyOf(openHosts);
    List<CompletableFuture<Void>> stopped = new ArrayList<>();
    for (Host<?, ?> host : hosts) {
      stopped.add(host.stopServing(reason));
    }
    List<Host<?, ?>> late = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      try {
        stopped.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        late.add(hosts.get(i));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        late.add(hosts.get(i));
      }
    }
    return late;
  }

  /** Stops the dispatcher pool, its watchdog and the scheduler thread this object started. */
  @Override
  public void close() {
    dispatcher.close();
    if (ownedTimers != null) {
      ownedTimers.close();
    }
  }
}
