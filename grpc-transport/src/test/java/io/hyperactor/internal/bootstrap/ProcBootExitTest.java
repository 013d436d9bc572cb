package io.hyperactor.internal.bootstrap;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.Host;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.host.Hosts;
import io.hyperactor.internal.host.LocalProcManager;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import io.hyperactor.resource.StopAll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A proc booted as a child boots, over the Unix transport, and ended as a child's host ends it: a
 * {@code StopAll} to its agent (which a child's parent watcher sends on its host's request), after
 * which the agent calls the exit hook.
 */
class ProcBootExitTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MESSAGES = 10;

  /** Counts the messages it handles. */
  private static final class Counter implements Actor<String> {
    final CountDownLatch handled = new CountDownLatch(MESSAGES);

    @Override
    public void handle(Context<String> cx, String message) {
      handled.countDown();
    }
  }

  @Test
  void aProcAcknowledgesEveryMessageItTookBeforeItsProcessEnds() throws Exception {
    Counter counter = new Counter();
    exitAfterHandling(
        counter,
        (services, proc, owned) -> {
          proc.spawn("counter", counter);
          return null;
        });
  }

  /**
   * A host the child's setup serves in its process (as a forked JVM of the casting tests serves
   * an in-JVM host): the messages that reached the counter through the host's frontend are
   * acknowledged by the process's exit too.
   */
  @Test
  void aHostOfTheExitingProcessAcknowledgesEveryMessageItTookBeforeTheProcessEnds()
      throws Exception {
    Counter counter = new Counter();
    exitAfterHandling(
        counter,
        (services, proc, owned) -> {
          CompletableFuture<Proc> worker = new CompletableFuture<>();
          Host<Object, @Nullable Void> host =
              Hosts.create(
                  new LocalProcManager<Object>(
                      p -> {
                        worker.complete(p);
                        return p.spawn("agent", (Actor<Object>) (cx, message) -> {});
                      },
                      services,
                      TestServices.NO_EXIT),
                  ChannelAddr.any(ChannelTransport.UNIX),
                  services,
                  TestServices.NO_EXIT);
          owned.add(host);
          host.serve();
          ProcId workerId = host.spawn("worker", null).procId();
          try {
            worker.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).spawn("counter", counter);
          } catch (Exception e) {
            throw new IllegalStateException("the counter's proc did not start: " + e, e);
          }
          return workerId;
        });
  }

  /**
   * Boots a proc as a child boots, with {@code setup} placing the counter and returning the proc
   * it runs on; sends it {@value #MESSAGES} messages, ends the proc with {@code StopAll} once
   * it handled them, and checks that every message was acknowledged.
   */
  private static void exitAfterHandling(Counter counter, Placement setup) throws Exception {
    // The child acknowledges only when told to flush: an hour's interval and a million messages a
    // batch, so only its exit can acknowledge what it took.
    HyperactorConfig procConfig = HyperactorConfig.defaultsOnly();
    procConfig.set(HyperactorAttrs.MESSAGE_ACK_TIME_INTERVAL, Duration.ofHours(1));
    procConfig.set(HyperactorAttrs.MESSAGE_ACK_EVERY_N_MESSAGES, 1_000_000L);
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    CompletableFuture<ActorHandle<Object>> agent = new CompletableFuture<>();
    CompletableFuture<@Nullable ProcId> counterProc = new CompletableFuture<>();
    List<AutoCloseable> owned = new ArrayList<>();
    try (RuntimeServices host = services("proc-boot-exit-host", HyperactorConfig.defaultsOnly());
        RuntimeServices child = services("proc-boot-exit-child", procConfig)) {
      Channels channels = host.channels();
      EnvelopeCodec codec = new EnvelopeCodec(host.codecs());
      try (Rx<MessageEnvelope> backend = channels.serve(ChannelAddr.any(ChannelTransport.UNIX), codec);
          Rx<String> callback =
              channels.serve(ChannelAddr.any(ChannelTransport.UNIX), ChannelCodec.utf8());
          ProcBoot booted =
              ProcBoot.boot(
                  child,
                  ProcId.unique(backend.addr(), "exiting"),
                  backend.addr(),
                  code -> {
                    throw new AssertionError("the proc asked to end the process: " + code);
                  },
                  exited::complete,
                  agent::complete,
                  proc -> counterProc.complete(setup.place(child, proc, owned)))) {
        booted.callBack(channels, callback.addr());
        BootstrapProtocol.Ready ready =
            BootstrapProtocol.parseReady(callback.recv(TIMEOUT).orElseThrow());
        booted.awaitCallBack(TIMEOUT);
        ActorId sender = new ActorId(new ProcId(backend.addr(), "sender"), "sender", 0);
        ProcId elsewhere = counterProc.get();
        ProcId dest = elsewhere == null ? ready.agent().procId() : elsewhere;
        PortId to = dest.actorId("counter").portId(PortId.HANDLER_INDEX);
        try (Tx<MessageEnvelope> tx =
            channels.dial(elsewhere == null ? ready.addr() : elsewhere.addr(), codec)) {
          List<CompletableFuture<Void>> acks = new ArrayList<>();
          for (int i = 0; i < MESSAGES; i++) {
            acks.add(tx.send(MessageEnvelope.of(sender, to, "m" + i, SeqInfo.DIRECT, 64)));
          }
          assertThat(counter.handled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

          agent.get().send(new StopAll("test"));

          assertThat(exited.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(0);
          // Taken and handled, then acknowledged by the proc's exit: none comes back.
          CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } finally {
        for (AutoCloseable c : owned) {
          c.close();
        }
      }
    }
  }

  /** Places the counter on the booting proc, or on a proc of something the setup starts. */
  @FunctionalInterface
  private interface Placement {
    /**
     * Spawns the counter and returns its proc, served at its id's address; null for {@code proc}
     * itself, served where its callback says. What it starts goes to {@code owned}.
     */
    @Nullable ProcId place(RuntimeServices services, Proc proc, List<AutoCloseable> owned);
  }

  private static RuntimeServices services(String name, HyperactorConfig config) {
    return new RuntimeServices(
        name,
        config,
        ProcAgentCodecs.register(CodecRegistry.builder()).build(),
        new SpawnableRegistry(),
        TestServices.NO_EXIT,
        null);
  }
}
