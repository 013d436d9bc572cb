package io.hyperactor.internal.bootstrap;

import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.agent.ProcExitHook;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an idle pool member does once, before it waits for its assignment: the whole boot of a proc
 * ({@link ProcBoot}'s steps) on a throwaway actor system, then closed again.
 *
 * <p>A proc's boot runs code no other part of a fresh JVM has run: building the actor system and
 * its codec registry, the gRPC transport's server and links, the agent and the spawn gateway, the
 * callback. Run once here, that code is loaded, linked, initialized and partly compiled when the
 * assigned proc boots, which then takes a fraction of the time. The rehearsal plays the host too:
 * its proc forwards to a backend served here and calls back to a callback served here, on the
 * transport the host's procs use.
 *
 * <p>Nothing outlives it: the proc is destroyed, every channel closed and the actor system's
 * services (and the gRPC threads they held) stopped, so the member again holds no proc state. Its
 * exit hook does nothing, so no step of it can end the process. A rehearsal that fails is logged
 * and changes nothing else: the assigned proc boots as a cold child would.
 */
final class PoolRehearsal {
  private static final Logger log = LoggerFactory.getLogger(PoolRehearsal.class);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private PoolRehearsal() {}

  /**
   * Rehearses a proc's boot over {@code transport} on the services {@code system} builds, and
   * closes them; a failure is logged at WARN, never thrown.
   *
   * @return whether the boot was rehearsed to the end (false when it failed, and for the local
   *     transport, which has no boot code of its own to rehearse)
   */
  static boolean run(ChannelTransport transport, Supplier<RuntimeServices> system) {
    if (!transport.supportsDuplex()) {
      return false;
    }
    // TLS needs the certificates of the assigned configuration; its code past the handshake is
    // that of TCP.
    if (transport == ChannelTransport.TLS) {
      transport = ChannelTransport.TCP;
    }
    long start = System.nanoTime();
    try (RuntimeServices services = system.get()) {
      rehearse(services, transport);
      log.debug(
          "pool rehearsal over {} took {} ms",
          transport,
          (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (Exception | LinkageError e) {
      log.warn("pool rehearsal over {} failed; the assigned proc boots without it", transport, e);
      return false;
    }
  }

  private static void rehearse(RuntimeServices services, ChannelTransport transport)
      throws Exception {
    Channels channels = services.channels();
    EnvelopeCodec codec = new EnvelopeCodec(services.codecs());
    try (Rx<MessageEnvelope> backend = channels.serve(ChannelAddr.any(transport), codec);
        Rx<String> callback = channels.serve(ChannelAddr.any(transport), ChannelCodec.utf8());
        ProcBoot booted =
            ProcBoot.boot(
                services,
                ProcId.unique(backend.addr(), "pool-rehearsal"),
                backend.addr(),
                code -> {},
                ProcExitHook.SYSTEM_EXIT,
                agent -> {},
                proc -> {})) {
      // The line is acknowledged once it is received here, as at a host.
      booted.callBack(channels, callback.addr());
      BootstrapProtocol.parseReady(
          callback
              .recv(STEP_TIMEOUT)
              .orElseThrow(() -> new IllegalStateException("no callback received")));
      booted.awaitCallBack(STEP_TIMEOUT);
    }
  }
}
