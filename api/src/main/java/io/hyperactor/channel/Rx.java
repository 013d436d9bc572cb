package io.hyperactor.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * The receiving end of a channel, bound to an address: it yields the messages of every {@link Tx}
 * dialed to it, in order per {@code Tx}.
 *
 * <p>Taking a message with {@code recv} is what acknowledges it to its sender. Implementations are
 * thread-safe; with several concurrent readers, per-sender order holds only for the order in which
 * messages were taken.
 */
public interface Rx<M> extends AutoCloseable {

  /**
   * The address this {@code Rx} is bound to: the actual port or socket when it was served on an
   * "any" address.
   */
  ChannelAddr addr();

  /**
   * Takes the next message, waiting as long as needed.
   *
   * @throws ChannelException of kind {@link ChannelException.Kind#CLOSED} once this {@code Rx} is
   *     closed
   */
  M recv() throws InterruptedException;

  /**
   * Takes the next message, waiting at most {@code timeout}; empty when none arrived in time.
   *
   * @throws ChannelException of kind {@link ChannelException.Kind#CLOSED} once this {@code Rx} is
   *     closed
   */
  Optional<M> recv(Duration timeout) throws InterruptedException;

  /**
   * Closes the channel gracefully and waits until that is done: acknowledgements for every message
   * taken are flushed, connected senders are told the channel is closed (their status becomes
   * {@link LinkStatus.Closed} at once), messages received but not yet taken go back to their
   * senders as undeliverable, and the address and all threads are released. Idempotent.
   */
  @Override
  void close();
}
