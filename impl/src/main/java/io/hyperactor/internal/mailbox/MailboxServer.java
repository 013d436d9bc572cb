package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.Rx;
import io.hyperactor.internal.channel.PushRx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes envelopes off a channel {@link Rx} and posts them into a sender, normally a proc.
 *
 * <p>Each envelope taken is one forwarding hop. A failure to deliver it in the receiving proc
 * (unknown actor, stopped actor, unbound port) is returned by that proc to the sender's proc over
 * the network.
 *
 * <p>A {@link PushRx} (the network transport's) hands each envelope to the server on the thread that
 * received it, which posts it at once: a message from the network reaches its actor's mailbox with
 * no thread hand-off between the transport and the proc. Any other {@code Rx} is read by a loop on
 * a virtual thread of the server's own. {@link #stop} closes the channel, so acknowledgements for
 * every envelope taken are flushed, and waits until the last envelope taken is posted.
 * Thread-safe.
 */
public final class MailboxServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailboxServer.class);

  private final Rx<MessageEnvelope> rx;
  private final MailboxSender into;
  // Null when the channel hands envelopes to this server itself.
  private final @Nullable Thread loop;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private MailboxServer(Rx<MessageEnvelope> rx, MailboxSender into) {
    this.rx = rx;
    this.into = into;
    this.loop =
        rx instanceof PushRx<?>
            ? null
            : Thread.ofVirtual().name("mailbox-server-" + rx.addr()).unstarted(this::run);
  }

  /** Serves {@code rx}, posting every envelope into {@code into}. */
  public static MailboxServer serve(Rx<MessageEnvelope> rx, MailboxSender into) {
    MailboxServer server = new MailboxServer(checkNotNull(rx, "rx"), checkNotNull(into, "into"));
    if (server.loop != null) {
      server.loop.start();
    } else {
      ((PushRx<MessageEnvelope>) rx).consumeWith(server::serveOne);
    }
    return server;
  }

  /** The address served. */
  public ChannelAddr addr() {
    return rx.addr();
  }

  private void run() {
    while (true) {
      MessageEnvelope envelope;
      try {
        envelope = rx.recv();
      } catch (InterruptedException e) {
        return;
      } catch (ChannelException e) {
        if (e.kind() != ChannelException.Kind.CLOSED) {
          log.error("mailbox server on {} stopped: {}", rx.addr(), e.getMessage());
        }
        return;
      }
      serveOne(envelope);
    }
  }

  private void serveOne(MessageEnvelope envelope) {
    try {
      MessageEnvelope next = Returns.hop(envelope, into);
      if (next != null) {
        into.post(next);
      }
    } catch (RuntimeException e) {
      log.error("mailbox server on {}: cannot post {}: {}", rx.addr(), envelope, e.toString(), e);
    }
  }

  /**
   * Stops serving: closes the channel (flushing acknowledgements) and waits until the last envelope
   * taken is posted.
   */
  public void stop(Duration timeout) {
    if (stopped.compareAndSet(false, true)) {
      rx.close();
      try {
        if (loop == null) {
          if (!((PushRx<?>) rx).awaitConsumerIdle(timeout)) {
            log.warn("mailbox server on {} still posting after {}", rx.addr(), timeout);
          }
        } else if (!loop.join(timeout)) {
          log.warn("mailbox server on {} did not stop within {}", rx.addr(), timeout);
          loop.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "MailboxServer{" + rx.addr() + "}";
  }
}
