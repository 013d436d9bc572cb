package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.host.HostedProc;
import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcManager;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.ReadyException;
import io.hyperactor.host.TerminateSummary;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.Telemetry;
import io.hyperactor.internal.mailbox.DialMailboxRouter;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxRouter;
import io.hyperactor.internal.mailbox.MailboxServer;
import io.hyperactor.ref.ActorRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host: a frontend, a backend, a router, two built-in procs and a proc manager.
 *
 * <p>Routing is a prefix router for the built-in procs with a dialing router as its fallback; the
 * dialing router holds a route to each hosted proc's served address and otherwise dials the address
 * in the destination's own id, which is how replies reach outside procs. The frontend, the backend
 * and the built-in procs all post into this one forwarder, and so do the procs of a {@link
 * LocalProcManager}, in memory.
 */
final class HostImpl<A, C> implements Host<A, C> {
  private static final Logger log = LoggerFactory.getLogger(HostImpl.class);
  private static final Duration CLOSE_TERMINATE_TIMEOUT = Duration.ofSeconds(10);

  private final ProcManager<A, C> manager;
  private final RuntimeServices services;
  private final HyperactorConfig config;
  private final Telemetry telemetry;
  private final Channels channels;
  private final MailboxRouter router;
  private final DialMailboxRouter dialRouter;
  private final MailboxSender forwarder;
  private final Rx<MessageEnvelope> frontendRx;
  private final CompletableFuture<Void> frontendStopped = new CompletableFuture<>();
  private final MailboxServer backend;
  private final @Nullable AttachFrontend attach;
  private final Proc serviceProc;
  private final Proc localProc;
  private final Object lock = new Object();
  // Guarded by lock.
  private final Set<String> names = new LinkedHashSet<>();
  private final Set<ProcId> childRoutes = new LinkedHashSet<>();
  private @Nullable MailboxServer frontend;
  private boolean serving;
  private boolean closed;

  HostImpl(
      ProcManager<A, C> manager,
      ChannelAddr addr,
      RuntimeServices services,
      IntConsumer exitHook) {
    this.manager = checkNotNull(manager, "manager");
    this.services = services;
    this.config = services.config();
    this.telemetry = services.telemetry();
    this.channels = services.channels();
    checkNotNull(addr, "addr");
    EnvelopeCodec codec = new EnvelopeCodec(services.codecs());
    try {
      this.frontendRx = channels.serve(addr, codec);
    } catch (ChannelException e) {
      throw new HostException(
          HostException.Kind.CHANNEL,
          "host cannot bind its frontend at " + addr + ": " + e.getMessage(),
          e);
    }
    this.router = new MailboxRouter();
    this.dialRouter = new DialMailboxRouter(codec, channels);
    ChannelAddr frontend = frontendRx.addr();
    // Past the procs it routes, an envelope for a proc named on the host's own address (stopped,
    // or never spawned) comes back at once instead of being dialled back to this router.
    dialRouter.refuse(
        frontend,
        dest ->
            "host "
                + frontend
                + " runs no proc named '"
                + dest.procId().name()
                + "': it was stopped, or never spawned there");
    this.forwarder = router.fallback(dialRouter);
    dialRouter.setReturnPath(forwarder);
    Rx<MessageEnvelope> backendRx;
    try {
      backendRx = channels.serve(ChannelAddr.any(manager.transport()), codec);
    } catch (ChannelException e) {
      frontendRx.close();
      throw new HostException(
          HostException.Kind.CHANNEL,
          "host cannot bind its backend on " + manager.transport() + ": " + e.getMessage(),
          e);
    }
    ChannelAddr frontendAddr = frontendRx.addr();
    this.serviceProc =
        Procs.configured(new ProcId(frontendAddr, SERVICE_PROC_NAME), forwarder, services, exitHook);
    this.localProc =
        Procs.configured(new ProcId(frontendAddr, LOCAL_PROC_NAME), forwarder, services, exitHook);
    // Bound as plain posting senders, not as the procs: a proc's flush flushes its forwarder,
    // which is this router, which would flush the proc again.
    Proc service = serviceProc;
    Proc local = localProc;
    router.bind(service.procId(), service::post);
    router.bind(local.procId(), local::post);
    // The backend serves from the start: children dial it as soon as they exist, serve() or not.
    this.backend = MailboxServer.serve(backendRx, forwarder);
    this.attach = frontendAddr.transport().supportsDuplex() ? bindAttach(codec) : null;
    if (manager instanceof LocalProcManager<?> inJvm) {
      // Procs of this JVM post into this forwarder in memory: the backend server would only
      // decode what they encoded and post it here (decisions.md, "An in-JVM proc posts to its
      // host in memory").
      inJvm.attachHost(backendRx.addr(), forwarder);
    }
    // A child JVM that ends after its proc's agent stopped every actor stops this frontend first.
    services.hostOpened(this);
    log.info(
        "serving host at {}, backend {}, service proc {}, local proc {}",
        frontendAddr,
        backendRx.addr(),
        serviceProc.procId(),
        localProc.procId());
  }

  private AttachFrontend bindAttach(EnvelopeCodec codec) {
    ChannelAddr frontendAddr = frontendRx.addr();
    try {
      return new AttachFrontend(
          channels.serveDuplex(
              ChannelAddr.any(frontendAddr.transport()),
              AttachMessage.codec(codec),
              AttachMessage.codec(codec)),
          frontendAddr,
          router,
          forwarder,
          (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT)));
    } catch (ChannelException e) {
      Duration timeout = config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT);
      backend.stop(timeout);
      frontendRx.close();
      serviceProc.destroyAndWait(timeout, null, "host construction failed");
      localProc.destroyAndWait(timeout, null, "host construction failed");
      throw new HostException(
          HostException.Kind.CHANNEL,
          "host cannot bind its attach address on "
              + frontendAddr.transport()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public ChannelAddr addr() {
    return frontendRx.addr();
  }

  @Override
  public ChannelAddr backendAddr() {
    return backend.addr();
  }

  @Override
  public Optional<ChannelAddr> attachAddr() {
    return attach == null ? Optional.empty() : Optional.of(attach.addr());
  }

  @Override
  public Proc serviceProc() {
    return serviceProc;
  }

  @Override
  public Proc localProc() {
    return localProc;
  }

  @Override
  public ProcManager<A, C> manager() {
    return manager;
  }

  @Override
  public CompletableFuture<Void> serve() {
    synchronized (lock) {
      if (serving) {
        throw new HostException(HostException.Kind.ALREADY_SERVING, "host is already serving");
      }
      serving = true;
    }
    MailboxServer server = MailboxServer.serve(frontendRx, forwarder);
    synchronized (lock) {
      frontend = server;
    }
    if (attach != null) {
      attach.start();
    }
    return frontendStopped.copy();
  }

  /**
   * Stops the frontend on a virtual thread: the server closes the channel, which acknowledges what
   * it took and tells peers it is closed, and the future completes once its loop has ended.
   */
  @Override
  public CompletableFuture<Void> stopServing(String reason) {
    MailboxServer server;
    synchronized (lock) {
      server = frontend;
      frontend = null;
    }
    if (server == null) {
      frontendRx.close();
      if (attach != null) {
        attach.close();
      }
      frontendStopped.complete(null);
      return frontendStopped.copy();
    }
    log.info("host {} stops serving: {}", addr(), reason);
    Duration timeout = config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT);
    Thread.ofVirtual()
        .name("hyperactor-host-stop")
        .start(
            () -> {
              if (attach != null) {
                attach.close();
              }
              server.stop(timeout);
              frontendStopped.complete(null);
            });
    return frontendStopped.copy();
  }

  @Override
  public HostedProc<A> spawn(String name, C spawnConfig) {
    checkNotNull(name, "name");
    ProcId procId = new ProcId(addr(), name);
    synchronized (lock) {
      if (closed) {
        throw new HostException(
            HostException.Kind.CLOSED, "cannot spawn proc '" + name + "': host is closed");
      }
      // Reserved while the spawn runs, so two concurrent spawns of one name cannot both proceed.
      if (!names.add(name)) {
        throw new HostException(
            HostException.Kind.PROC_EXISTS, "proc '" + name + "' already exists");
      }
    }
    try {
      ProcHandle<A> handle = manager.spawn(procId, backendAddr(), spawnConfig);
      ReadyProc<A> ready;
      try {
        ready = ensureReady(handle);
      } catch (ReadyException e) {
        // Upstream leaves the failed proc running; reap it so nothing outlives the failure.
        handle.kill().exceptionally(t -> null);
        throw new HostException(
            HostException.Kind.PROCESS_CONFIGURATION_FAILURE,
            "proc '" + procId + "' failed to configure process: " + e.getMessage(),
            e);
      }
      synchronized (lock) {
        childRoutes.add(procId);
      }
      dialRouter.bind(procId, ready.addr());
      if (handle instanceof LocalProcHandle<A> local) {
        // A proc of this JVM is handed its messages directly, not re-encoded and sent over a
        // socket to its served address; bound before the watch below, which replaces the route
        // once the proc ends. Bound as a plain posting sender, as the built-in procs are.
        Proc proc = local.proc();
        router.bind(procId, envelope -> proc.post(envelope));
      }
      telemetry.procStarted(addr().toString());
      watchForEnd(handle);
      return new HostedProc<>(procId, ready.agent());
    } catch (RuntimeException e) {
      synchronized (lock) {
        names.remove(name);
      }
      throw e;
    }
  }

  /** Once the proc ends, envelopes for it are returned at once with its status. */
  private void watchForEnd(ProcHandle<A> handle) {
    int returnTtl =
        (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT));
    handle
        .waitForExit()
        .thenAccept(
            status -> {
              telemetry.procExited(addr().toString(), status);
              synchronized (lock) {
                if (closed || !childRoutes.contains(handle.procId())) {
                  return;
                }
                router.bind(handle.procId(), new EndedProcSender(status, forwarder, returnTtl));
                // What the proc's link still holds unacknowledged comes back now too, with the
                // same reason, rather than after the delivery timeout of a link redialing a dead
                // address (or at the host's close, when its senders may be gone). Under the lock,
                // so that a close of the host, which closes the router after it, waits for it.
                dialRouter.endRoute(
                    handle.procId(), "proc " + handle.procId() + " has ended: " + status);
              }
              log.info(
                  "proc {} ended ({}); envelopes for it are returned", handle.procId(), status);
            });
  }

  private record ReadyProc<A>(ChannelAddr addr, ActorRef<A> agent) {}

  private ReadyProc<A> ensureReady(ProcHandle<A> handle) {
    Duration timeout = config.get(HyperactorAttrs.HOST_SPAWN_READY_TIMEOUT);
    try {
      if (timeout.isZero()) {
        handle.ready().get();
      } else {
        handle.ready().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new ReadyException(
          ReadyException.Kind.TIMEOUT, "proc not ready within " + timeout, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReadyException(
          ReadyException.Kind.CHANNEL_CLOSED, "interrupted while waiting for readiness", null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReadyException ready) {
        throw ready;
      }
      throw new ReadyException(
          ReadyException.Kind.CHANNEL_CLOSED, "status channel closed: " + e.getCause(), null);
    }
    ChannelAddr addr =
        handle
            .addr()
            .orElseThrow(
                () ->
                    new ReadyException(
                        ReadyException.Kind.MISSING_ADDR,
                        "proc is ready but has no address",
                        null));
    ActorRef<A> agent =
        handle
            .agentRef()
            .orElseThrow(
                () ->
                    new ReadyException(
                        ReadyException.Kind.MISSING_AGENT_REF,
                        "proc is ready but has no agent",
                        null));
    return new ReadyProc<>(addr, agent);
  }

  @Override
  public ImmutableSet<String> procNames() {
    synchronized (lock) {
      return ImmutableSet.copyOf(names);
    }
  }

  @Override
  public ProcStatus terminateProc(ProcId procId, Duration timeout, String reason) {
    return manager.terminateProc(procId, timeout, reason);
  }

  @Override
  public TerminateSummary terminateChildren(Duration timeout, int maxInFlight, String reason) {
    TerminateSummary summary = manager.terminateAll(timeout, maxInFlight, reason);
    List<ProcId> routes;
    synchronized (lock) {
      names.clear();
      routes = new ArrayList<>(childRoutes);
      childRoutes.clear();
    }
    for (ProcId procId : routes) {
      dialRouter.unbind(procId);
      router.unbind(procId);
    }
    return summary;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Its close stops its frontend itself, whatever happens after.
    services.hostClosed(this);
    stopServing("host closing").join();
    try {
      TerminateSummary summary =
          terminateChildren(CLOSE_TERMINATE_TIMEOUT, Integer.MAX_VALUE, "host closing");
      log.info("host {} closed its procs: {}", addr(), summary);
    } finally {
      manager.close();
      if (manager instanceof LocalProcManager<?> inJvm) {
        inJvm.detachHost(backend.addr());
      }
      serviceProc.destroyAndWait(CLOSE_TERMINATE_TIMEOUT, null, "host closing");
      localProc.destroyAndWait(CLOSE_TERMINATE_TIMEOUT, null, "host closing");
      backend.stop(config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT));
      dialRouter.close();
    }
  }
}
