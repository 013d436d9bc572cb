package io.hyperactor.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * A bound address that accepts duplex links: one {@link DuplexLink} per dialing session.
 *
 * <p>Thread-safe.
 *
 * @param <I> what the server receives on each link
 * @param <O> what the server sends on each link
 */
public interface DuplexServer<I, O> extends AutoCloseable {

  /** The address actually bound. */
  ChannelAddr addr();

  /**
   * The next new session, waiting as long as needed.
   *
   * @throws ChannelException of kind {@link ChannelException.Kind#CLOSED} once the server is closed
   */
  DuplexLink<I, O> accept() throws InterruptedException;

  /**
   * The next new session, waiting at most {@code timeout}; empty if none arrived in time.
   *
   * @throws ChannelException of kind {@link ChannelException.Kind#CLOSED} once the server is closed
   */
  Optional<DuplexLink<I, O>> accept(Duration timeout) throws InterruptedException;

  /**
   * Stops accepting, closes every session as {@link DuplexLink#close()} does, and releases the
   * address and all threads. Idempotent.
   */
  @Override
  void close();
}
