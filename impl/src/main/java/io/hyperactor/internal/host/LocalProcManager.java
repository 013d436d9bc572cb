package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ActorHandle;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcManager;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.TerminateSummary;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxClient;
import io.hyperactor.internal.mailbox.MailboxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proc manager that runs procs in this JVM, for tests and embedded use.
 *
 * <p>Each proc forwards to the host backend, serves its own channel on the backend's transport, and
 * gets an agent from the {@link LocalAgentFactory}. When the backend belongs to a host of this JVM
 * ({@link #attachHost}), a proc posts into that host's forwarder in memory; otherwise it dials the
 * backend's channel. Procs are stopped through their
 * handles, {@link #terminateProc}, {@link #terminateAll}, or without blocking through {@link
 * #requestStop}, whose progress {@link #localProcStatus} and {@link #watch} report.
 *
 * @param <A> the agent's message type
 */
public final class LocalProcManager<A> implements ProcManager<A, @Nullable Void> {
  private static final Logger log = LoggerFactory.getLogger(LocalProcManager.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final LocalAgentFactory<A> agents;
  private final EnvelopeCodec codec;
  private final RuntimeServices services;
  private final HyperactorConfig config;
  private final IntConsumer exitHook;
  private final Object lock = new Object();
  // The forwarders of the hosts of this JVM whose procs this manager makes, by backend address.
  private final Map<ChannelAddr, MailboxSender> hosts = new ConcurrentHashMap<>();
  // Guarded by lock.
  private final Map<ProcId, LocalProcHandle<A>> procs = new LinkedHashMap<>();
  private final Map<ProcId, LocalProcHandle<A>> stopping = new LinkedHashMap<>();
  private boolean closed;

  /**
   * A manager whose procs encode payloads with {@code registry}, read {@code config} and call
   * {@code exitHook} when an unhandled failure must end the process.
   */
  public LocalProcManager(
      LocalAgentFactory<A> agents,
      RuntimeServices services,
      IntConsumer exitHook) {
    this.agents = checkNotNull(agents, "agents");
    this.services = checkNotNull(services, "services");
    this.codec = new EnvelopeCodec(services.codecs());
    this.config = services.config();
    this.exitHook = checkNotNull(exitHook, "exitHook");
  }

  /**
   * Makes procs spawned with {@code backend} as their forwarder address post into {@code
   * forwarder} (the host's, which its backend server posts into) in memory instead of dialling the
   * backend.
   */
  void attachHost(ChannelAddr backend, MailboxSender forwarder) {
    hosts.put(checkNotNull(backend, "backend"), checkNotNull(forwarder, "forwarder"));
  }

  /** Procs spawned with {@code backend} from now on dial it again. */
  void detachHost(ChannelAddr backend) {
    hosts.remove(checkNotNull(backend, "backend"));
  }

  @Override
  public ChannelTransport transport() {
    return ChannelTransport.LOCAL;
  }

  @Override
  public ProcHandle<A> spawn(ProcId procId, ChannelAddr forwarderAddr, @Nullable Void unused) {
    checkNotNull(procId, "procId");
    checkNotNull(forwarderAddr, "forwarderAddr");
    synchronized (lock) {
      if (closed) {
        throw new HostException(
            HostException.Kind.CLOSED, "cannot spawn proc '" + procId + "': manager is closed");
      }
    }
    DeferredSender returns = new DeferredSender();
    MailboxSender link;
    Runnable closeLink;
    Rx<MessageEnvelope> rx;
    MailboxSender host = hosts.get(forwarderAddr);
    if (host != null) {
      InJvmHostLink inJvm =
          new InJvmHostLink(
              host,
              returns,
              (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT)));
      link = inJvm;
      closeLink = inJvm::close;
    } else {
      MailboxClient client;
      try {
        client = new MailboxClient(services.channels().dial(forwarderAddr, codec), returns);
      } catch (ChannelException e) {
        throw new HostException(
            HostException.Kind.CHANNEL, "proc '" + procId + "': " + e.getMessage(), e);
      }
      link = client;
      closeLink = client::close;
    }
    try {
      rx = services.channels().serve(ChannelAddr.any(forwarderAddr.transport()), codec);
    } catch (ChannelException e) {
      closeLink.run();
      throw new HostException(
          HostException.Kind.CHANNEL, "proc '" + procId + "': " + e.getMessage(), e);
    }
    // Sibling procs of this JVM reach each other directly; the rest goes through the host.
    Proc proc = Procs.configured(procId, Procs.inJvmFirst(services, link), services, exitHook);
    returns.set(proc);
    MailboxServer server = MailboxServer.serve(rx, proc);
    ActorHandle<A> agent;
    try {
      agent = agents.spawn(proc);
    } catch (Exception e) {
      server.stop(flushTimeout());
      closeLink.run();
      throw new HostException(
          HostException.Kind.AGENT_SPAWN_FAILURE,
          "failed to spawn agent on proc '" + procId + "': " + e.getMessage(),
          e);
    }
    // The host (and every in-JVM-first proc of these services) hands this proc its messages
    // directly until it is torn down; its served address stays for procs of other JVMs.
    services.registerInJvm(proc);
    LocalProcHandle<A> handle =
        new LocalProcHandle<>(proc, server, closeLink, agent.bind(), flushTimeout());
    synchronized (lock) {
      procs.put(procId, handle);
    }
    return handle;
  }

  private Duration flushTimeout() {
    return config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT);
  }

  @Override
  public Optional<ProcHandle<A>> handle(ProcId procId) {
    synchronized (lock) {
      return Optional.ofNullable(procs.get(procId));
    }
  }

  /** The procs this manager tracks, by id. */
  public Optional<Proc> proc(ProcId procId) {
    synchronized (lock) {
      LocalProcHandle<A> handle = procs.get(procId);
      return handle == null ? Optional.empty() : Optional.of(handle.proc());
    }
  }

  /**
   * Starts stopping {@code procId} without waiting: its actors drain for {@code timeout}, then the
   * rest are aborted. Nothing happens for an unknown proc or one already stopping.
   */
  public void requestStop(ProcId procId, Duration timeout, String reason) {
    LocalProcHandle<A> handle;
    synchronized (lock) {
      if (stopping.containsKey(procId)) {
        return;
      }
      handle = procs.remove(procId);
      if (handle == null) {
        return;
      }
      stopping.put(procId, handle);
    }
    handle.stop(timeout, reason);
  }

  /** The status of a proc stopped through {@link #requestStop}; empty for any other proc. */
  public Optional<ProcStatus> localProcStatus(ProcId procId) {
    synchronized (lock) {
      LocalProcHandle<A> handle = stopping.get(procId);
      return handle == null ? Optional.empty() : Optional.of(handle.status());
    }
  }

  /**
   * Calls {@code listener} on each later status change of a proc stopped through {@link
   * #requestStop}; empty for any other proc.
   */
  public Optional<AutoCloseable> watch(ProcId procId, Consumer<ProcStatus> listener) {
    synchronized (lock) {
      LocalProcHandle<A> handle = stopping.get(procId);
      return handle == null ? Optional.empty() : Optional.of(handle.watch(listener));
    }
  }

  @Override
  public ProcStatus terminateProc(ProcId procId, Duration timeout, String reason) {
    LocalProcHandle<A> handle;
    synchronized (lock) {
      handle = procs.remove(procId);
    }
    if (handle == null) {
      throw new HostException(HostException.Kind.NO_SUCH_PROC, "proc " + procId + " doesn't exist");
    }
    return Terminations.terminate(handle, timeout, reason);
  }

  @Override
  public TerminateSummary terminateAll(Duration timeout, int maxInFlight, String reason) {
    List<LocalProcHandle<A>> all;
    synchronized (lock) {
      all = new ArrayList<>(procs.values());
      procs.clear();
    }
    return Terminations.terminateAll(all, timeout, maxInFlight, reason);
  }

  @Override
  public void close() {
    List<LocalProcHandle<A>> all;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(procs.values());
      all.addAll(stopping.values());
      procs.clear();
    }
    TerminateSummary summary = Terminations.terminateAll(all, CLOSE_TIMEOUT, all.size(), "close");
    log.debug("local proc manager closed: {}", summary);
    for (LocalProcHandle<A> handle : all) {
      handle.waitForExit().join();
    }
  }
}
