package io.hyperactor.internal.host;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Tx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mailbox sender that posts every envelope on a channel dialed to {@code addr}; envelopes the
 * channel gives back are returned to their senders through the sender set with {@link #returnVia}.
 */
final class ChannelForwarder implements MailboxSender, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChannelForwarder.class);
  private final ChannelAddr addr;
  private final Tx<MessageEnvelope> tx;
  private final AtomicReference<@Nullable MailboxSender> returns = new AtomicReference<>();

  private ChannelForwarder(ChannelAddr addr) {
    this.addr = addr;
    this.tx =
        Channels.dial(
            addr,
            EnvelopeChannels.CODEC,
            error -> {
              MailboxSender via = returns.get();
              DeliveryError delivery =
                  new DeliveryError(
                      DeliveryError.Kind.BROKEN_LINK,
                      "link to " + addr + " failed: " + error.reason());
              if (via != null) {
                Undeliverables.returnToSender(via, error.message(), delivery);
              } else {
                log.error("undeliverable message {} has no return path: {}", error.message(), delivery);
              }
            });
  }

  static ChannelForwarder dial(ChannelAddr addr) {
    return new ChannelForwarder(addr);
  }

  /** Where returned envelopes are posted (usually the proc or router that owns this sender). */
  ChannelForwarder returnVia(MailboxSender via) {
    returns.set(via);
    return this;
  }

  ChannelAddr addr() {
    return addr;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    tx.post(envelope);
  }

  @Override
  public void flush(Duration timeout) {}

  @Override
  public void close() {
    tx.close();
  }
}
