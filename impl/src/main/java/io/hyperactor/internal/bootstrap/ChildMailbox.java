package io.hyperactor.internal.bootstrap;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Rx;
import io.hyperactor.id.PortId;
import com.google.common.collect.ImmutableMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child proc's link to the network: the address it serves and its outbound forwarder.
 *
 * <p>Envelopes cross JVMs only through the mailbox layer's wire codec. Until a proc is wired to
 * it, the child binds its served address so the host can name it, refuses every inbound frame
 * with an error log, and returns every outbound envelope to its sender as undeliverable, so
 * nothing is lost without a trace.
 */
final class ChildMailbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildMailbox.class);

  private final Rx<byte[]> rx;
  private final AtomicReference<@Nullable Proc> proc = new AtomicReference<>();

  private ChildMailbox(Rx<byte[]> rx) {
    this.rx = rx;
  }

  /** Binds a fresh address on {@code transport}. */
  static ChildMailbox bind(ChannelTransport transport) {
    ChildMailbox mailbox =
        new ChildMailbox(Channels.serve(ChannelAddr.any(transport), ChannelCodec.bytes()));
    Thread reader = new Thread(mailbox::refuseInbound, "hyperactor-child-inbound");
    reader.setDaemon(true);
    reader.start();
    return mailbox;
  }

  ChannelAddr addr() {
    return rx.addr();
  }

  /** The forwarder for a proc built on this mailbox; call {@link #attach} once it exists. */
  MailboxSender forwarder() {
    return this::returnToSender;
  }

  void attach(Proc built) {
    proc.set(built);
  }

  private void returnToSender(MessageEnvelope envelope) {
    Proc local = proc.get();
    DeliveryError error =
        new DeliveryError(
            DeliveryError.Kind.BROKEN_LINK,
            "proc cannot reach "
                + envelope.dest().actorId().procId()
                + ": no envelope wire codec is installed in this child");
    if (local == null || !envelope.returnUndeliverable()) {
      log.error("undeliverable message {} could not be returned: {}", envelope, error);
      return;
    }
    local.post(
        new MessageEnvelope(
            envelope.dest().actorId(),
            envelope.sender().portId(PortId.UNDELIVERABLE_INDEX),
            ImmutableMap.of(),
            new Undeliverable(envelope, error),
            SeqInfo.DIRECT,
            envelope.ttl(),
            false));
  }

  private void refuseInbound() {
    try {
      while (true) {
        byte[] frame = rx.recv();
        log.error(
            "refusing a {}-byte frame at {}: no envelope wire codec is installed in this child",
            frame.length,
            rx.addr());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("inbound channel at {} closed: {}", rx.addr(), e.toString());
    }
  }

  @Override
  public void close() {
    rx.close();
  }
}
