package io.hyperactor.internal.bootstrap;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.hyperactor.ActorHandle;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.Tx;
import io.hyperactor.host.Host;
import io.hyperactor.host.HostException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.agent.AgentGateway;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.internal.agent.ProcAgentOptions;
import io.hyperactor.internal.agent.ProcExitHook;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxClient;
import io.hyperactor.internal.mailbox.MailboxServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proc booted in this JVM for a host: the steps shared by a child's boot ({@link BootstrapMain})
 * and a pool member's rehearsal of it ({@link PoolRehearsal}), so that the rehearsal runs exactly
 * the code the boot runs.
 *
 * <p>{@link #boot} dials the host's backend, serves a fresh address of its transport, builds the
 * proc with a forwarder to the backend (whose undeliverables come back through the proc), boots its
 * {@link ProcAgent} and {@link AgentGateway}, runs the caller's setup and serves the proc; {@link
 * #callBack} then tells the host where the proc serves and which actor is its agent. A child's proc
 * lives as long as its process; the rehearsal's is {@linkplain #close() closed}.
 */
final class ProcBoot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcBoot.class);

  /** How long a proc's exit waits for envelopes it took to be posted before it stops serving. */
  private static final Duration STOP_SERVING_TIMEOUT = Duration.ofSeconds(5);

  private final ProcId procId;
  private final MailboxClient toBackend;
  private final Rx<MessageEnvelope> rx;
  private final Proc proc;
  private final ActorHandle<Object> agent;
  private final MailboxServer server;
  private @Nullable CallBack callBack;

  private ProcBoot(
      ProcId procId,
      MailboxClient toBackend,
      Rx<MessageEnvelope> rx,
      Proc proc,
      ActorHandle<Object> agent,
      MailboxServer server) {
    this.procId = procId;
    this.toBackend = toBackend;
    this.rx = rx;
    this.proc = proc;
    this.agent = agent;
    this.server = server;
  }

  /**
   * Boots proc {@code procId} on {@code services}, forwarding to the host backend at {@code
   * backend}.
   *
   * @param exitHook what the proc calls to end the process when it cannot go on
   * @param agentExitHook what the proc's agent calls to end the process once {@code StopAll}
   *     stopped every actor, after the proc stopped serving
   * @param onAgent told the agent's handle as soon as it runs, before the setup
   * @param setup runs on the proc after its agent booted and before it is served
   * @throws HostException naming the proc and the step that failed; what was opened is closed
   */
  static ProcBoot boot(
      RuntimeServices services,
      ProcId procId,
      ChannelAddr backend,
      IntConsumer exitHook,
      ProcExitHook agentExitHook,
      Consumer<ActorHandle<Object>> onAgent,
      Consumer<Proc> setup) {
    Channels channels = services.channels();
    EnvelopeCodec codec = new EnvelopeCodec(services.codecs());
    ReturnPath returns = new ReturnPath();
    AtomicReference<@Nullable MailboxServer> serving = new AtomicReference<>();
    MailboxClient toBackend = null;
    Rx<MessageEnvelope> rx = null;
    Proc proc = null;
    try {
      toBackend = new MailboxClient(channels.dial(backend, codec), returns);
      rx = channels.serve(ChannelAddr.any(backend.transport()), codec);
      proc = Procs.configured(procId, toBackend, services, exitHook);
      returns.proc = proc;
      ActorHandle<Object> agent =
          bootAgent(proc, services, stopServingThen(services, serving, agentExitHook));
      onAgent.accept(agent);
      AgentGateway.boot(proc, services.config());
      setup.accept(proc);
      MailboxServer server = MailboxServer.serve(rx, proc);
      serving.set(server);
      return new ProcBoot(procId, toBackend, rx, proc, agent, server);
    } catch (ChannelException e) {
      close(proc, rx, toBackend);
      throw new HostException(
          HostException.Kind.CHANNEL, "proc '" + procId + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(proc, rx, toBackend);
      throw e;
    }
  }

  /**
   * The proc's exit: once its agent has stopped every actor, the proc stops serving before the
   * process ends, and so do the hosts its actor system serves in this process (an in-JVM host the
   * child's setup started). Closing a channel acknowledges every message it took, so their senders
   * do not return them as undeliverable when the process is gone (messages are acknowledged in
   * batches, up to {@code message_ack_time_interval} after they are taken), and tells them it is
   * closed, so they return what it did not take at once.
   */
  private static ProcExitHook stopServingThen(
      RuntimeServices services,
      AtomicReference<@Nullable MailboxServer> serving,
      ProcExitHook exitHook) {
    return code -> {
      for (Host<?, ?> late : services.stopHostsServing("process exiting", STOP_SERVING_TIMEOUT)) {
        log.warn(
            "host {} did not stop serving within {} before exit",
            late.addr(),
            STOP_SERVING_TIMEOUT);
      }
      MailboxServer server = serving.get();
      if (server != null) {
        try {
          server.stop(STOP_SERVING_TIMEOUT);
        } catch (RuntimeException e) {
          log.warn("stopping the proc's server before exit failed: {}", e.toString());
        }
      }
      exitHook.exit(code);
    };
  }

  private static ActorHandle<Object> bootAgent(
      Proc proc, RuntimeServices services, ProcExitHook exitHook) {
    try {
      return ProcAgent.boot(
          proc,
          ProcAgentOptions.defaults(services.config(), services.spawnables())
              .withExitHook(exitHook));
    } catch (RuntimeException e) {
      throw new HostException(
          HostException.Kind.AGENT_SPAWN_FAILURE,
          "failed to spawn agent on proc '" + proc.procId() + "': " + e.getMessage(),
          e);
    }
  }

  /**
   * Sends the ready line to the host's callback at {@code callback}; {@link #awaitCallBack} waits
   * until the host has received it. Called once.
   *
   * @throws HostException when the callback cannot be dialled
   */
  void callBack(Channels channels, ChannelAddr callback) {
    checkState(callBack == null, "proc '%s' called back already", procId);
    String report =
        BootstrapProtocol.encodeReady(new BootstrapProtocol.Ready(rx.addr(), agent.actorId()));
    Tx<String> tx;
    try {
      tx = channels.dial(callback, ChannelCodec.utf8());
    } catch (ChannelException e) {
      throw callBackFailed(callback, e);
    }
    callBack = new CallBack(callback, tx, tx.send(report));
  }

  /**
   * Waits up to {@code timeout} for the host to receive the ready line {@link #callBack} sent, then
   * closes the link to it.
   *
   * @throws HostException when the line was not received in time or could not be delivered
   */
  void awaitCallBack(Duration timeout) {
    CallBack sent = checkNotNull(callBack, "proc '%s' did not call back", procId);
    try (Tx<String> tx = sent.tx()) {
      sent.acked().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw callBackFailed(sent.addr(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw callBackFailed(sent.addr(), e);
    }
    log.info("proc {} serving at {}, agent {}", procId, rx.addr(), agent.actorId());
  }

  private record CallBack(ChannelAddr addr, Tx<String> tx, CompletableFuture<Void> acked) {}

  private HostException callBackFailed(ChannelAddr callback, Exception e) {
    return new HostException(
        HostException.Kind.CHANNEL,
        "proc '" + procId + "' could not call back at " + callback + ": " + e,
        e);
  }

  /** Destroys the proc (waiting up to 30 s for its actors) and closes its channels. */
  @Override
  public void close() {
    proc.destroyAndWait(Duration.ofSeconds(30), "proc boot closed");
    server.close();
    close(null, rx, toBackend);
    if (callBack != null) {
      callBack.tx().close();
    }
  }

  private static void close(
      @Nullable Proc proc, @Nullable Rx<MessageEnvelope> rx, @Nullable MailboxClient toBackend) {
    if (proc != null) {
      proc.destroyAndWait(Duration.ofSeconds(30), "proc boot failed");
    }
    if (rx != null) {
      rx.close();
    }
    if (toBackend != null) {
      toBackend.close();
    }
  }

  /** Returns undeliverable envelopes through the proc, once it exists. */
  private static final class ReturnPath implements MailboxSender {
    private volatile @Nullable Proc proc;

    @Override
    public void post(MessageEnvelope envelope) {
      Proc target = proc;
      if (target == null) {
        log.error("undeliverable {} before the proc was built; dropped", envelope);
        return;
      }
      target.post(envelope);
    }
  }
}
