package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.SendException;
import io.hyperactor.channel.Tx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends envelopes over one channel {@link Tx}, in posting order.
 *
 * <p>Each post is one forwarding hop. An envelope the channel gives back (closed or rejected link,
 * delivery timeout, oversized frame, codec failure) is returned to its sender through the return
 * path with the channel's reason: {@code Timeout} for a delivery timeout, {@code BrokenLink}
 * otherwise. {@link #flush} waits until every envelope posted before it is acknowledged or
 * returned.
 *
 * <p>Before it returns a numbered message to an actor's handler port, the client sends a {@link
 * SkipNotice} in its place (through the return path, which routes it to the destination over
 * this link or, if this link ended, a fresh one), so that the destination's reorder buffer fills
 * the message's number and the sender's later messages, already on their way, are delivered.
 * Thread-safe.
 */
public final class MailboxClient implements MailboxSender, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailboxClient.class);

  private final Tx<MessageEnvelope> tx;
  private final MailboxSender returnPath;
  private final Object lock = new Object();
  private long submitted;
  private long resolved;
  // Why the far end is gone, when its owner knows better than the link (a host that saw its proc
  // exit): the reason the envelopes the link gives back are returned with.
  private volatile @Nullable String endedBecause;

  /**
   * A client over {@code tx} that returns undeliverable envelopes through {@code returnPath}
   * (normally the local proc, which routes them to the sending actor).
   */
  public MailboxClient(Tx<MessageEnvelope> tx, MailboxSender returnPath) {
    this.tx = checkNotNull(tx, "tx");
    this.returnPath = checkNotNull(returnPath, "returnPath");
    tx.whenClosed()
        .thenAccept(closed -> log.info("connection to {} lost: {}", tx.addr(), closed.reason()));
  }

  /** The channel this client sends on. */
  public Tx<MessageEnvelope> tx() {
    return tx;
  }

  @Override
  public void post(MessageEnvelope envelope) {
    MessageEnvelope next = Returns.hop(envelope, returnPath);
    if (next == null) {
      return;
    }
    CompletableFuture<Void> acked = new CompletableFuture<>();
    synchronized (lock) {
      submitted++;
    }
    acked.whenComplete(
        (ok, error) -> {
          if (error != null) {
            returned(next, error);
          }
          synchronized (lock) {
            resolved++;
            lock.notifyAll();
          }
        });
    tx.postAcked(next, acked);
  }

  private void returned(MessageEnvelope envelope, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
    ChannelException.Kind kind =
        cause instanceof SendException s
            ? s.kind()
            : cause instanceof ChannelException c ? c.kind() : ChannelException.Kind.IO;
    DeliveryError.Kind errorKind =
        kind == ChannelException.Kind.DELIVERY_TIMEOUT
            ? DeliveryError.Kind.TIMEOUT
            : DeliveryError.Kind.BROKEN_LINK;
    String ended = endedBecause;
    String reason =
        ended != null
            ? ended + " (the message was sent over channel " + tx.addr() + " and not acknowledged)"
            : "failed to deliver message to "
                + envelope.dest()
                + " over channel "
                + tx.addr()
                + ": "
                + cause.getMessage();
    // Sent before the return, so that it travels ahead of anything the sender posts once it
    // learns of the return.
    SkipNotice.sendInPlaceOf(
        envelope, ended != null ? ended : String.valueOf(cause.getMessage()), returnPath);
    Returns.undeliverable(returnPath, envelope, new DeliveryError(errorKind, reason));
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      long target = submitted;
      while (resolved < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "flush of channel "
                  + tx.addr()
                  + " timed out after "
                  + timeout
                  + " with "
                  + (target - resolved)
                  + " messages unacknowledged");
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Closes the channel; envelopes not yet acknowledged come back to their senders. */
  @Override
  public void close() {
    tx.close();
  }

  /**
   * Closes the channel because its far end is gone for {@code reason} (a proc that exited): the
   * envelopes not yet acknowledged come back to their senders at once, with that reason rather
   * than the link's own.
   */
  public void closeBecause(String reason) {
    endedBecause = checkNotNull(reason, "reason");
    tx.close();
  }

  @Override
  public String toString() {
    return "MailboxClient{" + tx.addr() + "}";
  }
}
