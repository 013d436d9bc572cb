package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.DialMailboxRouter;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.internal.mailbox.MailboxServer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates procs.
 *
 * <pre>{@code
 * Proc proc = Procs.local();
 * ActorHandle<CounterMsg> counter = proc.spawn("counter", new Counter());
 * }</pre>
 */
public final class Procs {
  private static final Logger log = LoggerFactory.getLogger(Procs.class);
  private static final AtomicLong NEXT_LOCAL_RANK = new AtomicLong();

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
  public static Proc local() {
    return local(HyperactorConfig.global(), SYSTEM_EXIT);
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

  /** A local proc with the given configuration and exit hook. */
  public static Proc local(HyperactorConfig config, IntConsumer exitHook) {
    long rank = NEXT_LOCAL_RANK.getAndIncrement();
    ChannelAddr addr = new ChannelAddr.Local(rank);
    return new ProcImpl(ProcId.unique(addr, "local_" + rank), null, config, exitHook);
  }

  /** A proc whose messages for other procs go to {@code forwarder}. */
  public static Proc configured(ProcId procId, MailboxSender forwarder) {
    return configured(procId, forwarder, HyperactorConfig.global(), SYSTEM_EXIT);
  }

  /**
   * A proc whose messages for other procs go to {@code forwarder}, reading settings from {@code
   * config} and calling {@code exitHook} when an unhandled failure must end the process.
   */
  public static Proc configured(
      ProcId procId, MailboxSender forwarder, HyperactorConfig config, IntConsumer exitHook) {
    return new ProcImpl(
        checkNotNull(procId, "procId"), checkNotNull(forwarder, "forwarder"), config, exitHook);
  }

  /**
   * A direct proc (see {@link #direct(ChannelAddr, String, CodecRegistry)}) whose payloads over
   * network channels are limited to the built-in types of {@link CodecRegistry#builtins()}.
   */
  public static Proc direct(ChannelAddr addr, String name) {
    return direct(addr, name, CodecRegistry.builtins());
  }

  /**
   * A proc served on its own channel at {@code addr}: its id carries the address actually bound,
   * messages for other procs go out through a {@link DialMailboxRouter} that dials each
   * destination proc's address, and every payload crossing a channel is encoded with {@code
   * registry}. {@link Proc#destroyAndWait} also stops the server and closes the dialed links.
   *
   * @throws io.hyperactor.channel.ChannelException when {@code addr} cannot be served
   */
  public static Proc direct(ChannelAddr addr, String name, CodecRegistry registry) {
    return direct(addr, name, registry, HyperactorConfig.global(), SYSTEM_EXIT);
  }

  /** A direct proc with the given configuration and exit hook. */
  public static Proc direct(
      ChannelAddr addr,
      String name,
      CodecRegistry registry,
      HyperactorConfig config,
      IntConsumer exitHook) {
    checkNotNull(addr, "addr");
    checkNotNull(name, "name");
    EnvelopeCodec codec = new EnvelopeCodec(checkNotNull(registry, "registry"));
    Rx<MessageEnvelope> rx = Channels.serve(addr, codec);
    ProcImpl proc;
    DialMailboxRouter router = new DialMailboxRouter(codec);
    try {
      proc = new ProcImpl(new ProcId(rx.addr(), name), router, config, exitHook);
    } catch (RuntimeException e) {
      rx.close();
      throw e;
    }
    router.setReturnPath(proc);
    MailboxServer server = MailboxServer.serve(rx, proc);
    proc.onTeardown(
        () -> {
          server.stop(config.get(HyperactorAttrs.FORWARDER_FLUSH_TIMEOUT));
          router.close();
        });
    log.debug("direct proc {} serving {}", proc.procId(), rx.addr());
    return proc;
  }
}
