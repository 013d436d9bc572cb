package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.IntrospectResult;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.DialMailboxRouter;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxServer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates procs on an actor system's services. Applications create procs through the public actor
 * system, which calls these.
 */
public final class Procs {
  private static final Logger log = LoggerFactory.getLogger(Procs.class);

  /**
   * The default exit hook: an unhandled failure with nowhere to go ends the process with the code,
   * leaving the decision to whoever supervises the process.
   */
  public static final IntConsumer SYSTEM_EXIT =
      code -> {
        log.error("exiting process with code {}: unhandled actor failure", code);
        System.exit(code);
      };

  private Procs() {}

  /**
   * A proc that only talks to itself: its forwarder returns every message for another proc to the
   * sender as undeliverable.
   */
  public static Proc local(RuntimeServices services, String name, IntConsumer exitHook) {
    ChannelAddr.Local addr = services.localChannels().reserveAddr();
    return new ProcImpl(ProcId.unique(addr, name), null, services, exitHook);
  }

  /**
   * Spawns a root actor on {@code proc} that accepts only {@code messageTypes}: how a remote spawn
   * applies the protocol its spawnable registration names, narrowing a generic actor's.
   *
   * @throws IllegalArgumentException when a type is outside what the actor itself accepts
   */
  public static <M> ActorHandle<M> spawnWithProtocol(
      Proc proc, String name, Actor<M> actor, ImmutableSet<Class<?>> messageTypes) {
    checkNotNull(proc, "proc");
    checkNotNull(messageTypes, "messageTypes");
    checkArgument(
        proc instanceof ProcImpl,
        "%s is not a proc of this runtime (%s)",
        proc.procId(),
        proc.getClass().getName());
    return ((ProcImpl) proc).spawn(name, actor, messageTypes);
  }

  /**
   * Spawns a root actor on {@code proc} as the mesh member of rank {@code rank}, accepting only
   * {@code messageTypes}: the rank shows in the MDC of its handlers' log lines (see {@code
   * docs/operations.md}).
   *
   * @throws IllegalArgumentException when a type is outside what the actor itself accepts, or the
   *     rank is negative
   */
  public static <M> ActorHandle<M> spawnRanked(
      Proc proc, String name, Actor<M> actor, ImmutableSet<Class<?>> messageTypes, long rank) {
    checkNotNull(messageTypes, "messageTypes");
    Protocol protocol = ProcImpl.narrowedProtocol(actor, messageTypes);
    return impl(proc).spawnRanked(name, actor, protocol, rankText(rank));
  }

  /**
   * Spawns a root actor on {@code proc} as the mesh member of rank {@code rank}: the rank shows in
   * the MDC of its handlers' log lines.
   *
   * @throws IllegalArgumentException when the rank is negative
   */
  public static <M> ActorHandle<M> spawnRanked(Proc proc, String name, Actor<M> actor, long rank) {
    checkNotNull(actor, "actor");
    return impl(proc).spawnRanked(name, actor, Protocol.of(actor), rankText(rank));
  }

  private static String rankText(long rank) {
    checkArgument(rank >= 0, "rank must be >= 0, got %s", rank);
    return Long.toString(rank);
  }

  private static ProcImpl impl(Proc proc) {
    checkNotNull(proc, "proc");
    checkArgument(
        proc instanceof ProcImpl,
        "%s is not a proc of this runtime (%s)",
        proc.procId(),
        proc.getClass().getName());
    return (ProcImpl) proc;
  }

  /**
   * A proc whose messages for other procs go to {@code forwarder}, calling {@code exitHook} when an
   * unhandled failure must end the process.
   */
  public static Proc configured(
      ProcId procId, MailboxSender forwarder, RuntimeServices services, IntConsumer exitHook) {
    return new ProcImpl(
        checkNotNull(procId, "procId"), checkNotNull(forwarder, "forwarder"), services, exitHook);
  }

  /**
   * A forwarder that hands a message for a proc registered in-JVM with {@code services} ({@link
   * RuntimeServices#registerInJvm}) straight to that proc, without encoding and without a socket,
   * and everything else to {@code network}.
   */
  public static MailboxSender inJvmFirst(RuntimeServices services, MailboxSender network) {
    return new InJvmFirst(checkNotNull(services, "services"), checkNotNull(network, "network"));
  }

  /**
   * A proc served on its own channel at {@code addr}: its id carries the address actually bound,
   * messages for other procs go out through a {@link DialMailboxRouter} that dials each
   * destination proc's address, and every payload crossing a channel is encoded with the system's
   * codec registry. {@link Proc#destroyAndWait} also stops the server and closes the dialed links.
   *
   * @throws io.hyperactor.channel.ChannelException when {@code addr} cannot be served
   */
  public static Proc direct(
      ChannelAddr addr, String name, RuntimeServices services, IntConsumer exitHook) {
    checkNotNull(addr, "addr");
    checkNotNull(name, "name");
    EnvelopeCodec codec = new EnvelopeCodec(services.codecs());
    Rx<MessageEnvelope> rx = services.channels().serve(addr, codec);
    ProcImpl proc;
    DialMailboxRouter router = new DialMailboxRouter(codec, services.channels());
    try {
      proc =
          new ProcImpl(
              new ProcId(rx.addr(), name), new InJvmFirst(services, router), services, exitHook);
    } catch (RuntimeException e) {
      rx.close();
      throw e;
    }
    router.setReturnPath(proc);
    MailboxServer server = MailboxServer.serve(rx, proc);
    proc.onTeardown(
        () -> {
          server.stop(services.config().get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT));
          router.close();
        });
    log.debug("direct proc {} serving {}", proc.procId(), rx.addr());
    return proc;
  }

  /**
   * The live introspection payload of {@code cell}, as its own introspection port answers a
   * {@code Query} for the actor view; for a proc that answers for its actors (including client
   * instances, which have no introspection port).
   */
  public static IntrospectResult livePayload(ActorCell cell) {
    return Introspection.livePayload(cell);
  }

  /** The services {@code proc} runs on; every proc this runtime makes has them. */
  public static RuntimeServices services(Proc proc) {
    checkArgument(proc instanceof ProcImpl, "%s is not a proc of this runtime", proc);
    return ((ProcImpl) proc).services();
  }

  /**
   * Makes the direct proc {@code proc} send everything for {@code peer} to {@code via} instead of
   * the address in the peer's id.
   *
   * @throws IllegalArgumentException when {@code proc} is not a direct proc
   */
  public static void route(Proc proc, ProcId peer, ChannelAddr via) {
    checkArgument(
        proc.forwarder() instanceof InJvmFirst f && f.network instanceof DialMailboxRouter,
        "%s is not a direct proc: its messages do not go through a dialing router",
        proc.procId());
    ((DialMailboxRouter) ((InJvmFirst) proc.forwarder()).network)
        .bind(checkNotNull(peer, "peer"), checkNotNull(via, "via"));
  }

  /** Runs {@code action} when {@code proc} is torn down, after its actors have stopped. */
  public static void onTeardown(Proc proc, Runnable action) {
    checkArgument(proc instanceof ProcImpl, "%s is not a proc of this runtime", proc);
    ((ProcImpl) proc).onTeardown(action);
  }
}
