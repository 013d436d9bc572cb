package io.hyperactor.internal.host;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.Rx;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the envelopes arriving on a channel into a mailbox sender, on one owned thread. */
final class EnvelopeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EnvelopeServer.class);

  private final Rx<MessageEnvelope> rx;
  private final MailboxSender into;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean stopping;
  private @org.jspecify.annotations.Nullable Thread thread;

  private EnvelopeServer(Rx<MessageEnvelope> rx, MailboxSender into) {
    this.rx = rx;
    this.into = into;
  }

  /** An unstarted server of {@code rx} into {@code into}. */
  static EnvelopeServer of(Rx<MessageEnvelope> rx, MailboxSender into) {
    return new EnvelopeServer(rx, into);
  }

  ChannelAddr addr() {
    return rx.addr();
  }

  synchronized EnvelopeServer start(String name) {
    if (thread == null) {
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  private void run() {
    try {
      while (!stopping) {
        MessageEnvelope envelope = rx.recv();
        into.post(envelope);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stopping) {
        log.warn("serving {} ended: {}", rx.addr(), e.toString());
      }
    } finally {
      stopped.complete(null);
    }
  }

  /** Completes when the serving thread has ended. */
  CompletableFuture<Void> stopped() {
    return stopped;
  }

  /** Stops serving and closes the channel; peers see it closed. */
  @Override
  public void close() {
    Thread serving;
    synchronized (this) {
      stopping = true;
      serving = thread;
    }
    rx.close();
    if (serving == null) {
      stopped.complete(null);
    } else {
      serving.interrupt();
    }
  }
}
