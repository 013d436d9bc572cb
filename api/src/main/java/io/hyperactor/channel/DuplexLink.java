package io.hyperactor.channel;

/**
 * One session of a duplex link as seen from one side: a {@link Tx} for what this side sends and an
 * {@link Rx} for what it receives, carried together on one connection.
 *
 * <p>Each direction has the guarantees of a simplex channel: in order, at most once, and every
 * message either acknowledged or returned to its sender. Only the dialing side reconnects; messages
 * the accepting side posts while the connection is down wait (bounded by {@code
 * message_delivery_timeout}) until the dialer reconnects. Thread-safe.
 *
 * <pre>{@code
 * try (DuplexServer<String, String> server = channels.serveDuplex(addr, utf8, utf8);
 *     DuplexLink<String, String> client = channels.dialDuplex(server.addr(), utf8, utf8)) {
 *   client.tx().post("ping");
 *   DuplexLink<String, String> session = server.accept();
 *   session.tx().post(session.rx().recv() + " pong");
 *   String reply = client.rx().recv();
 * }
 * }</pre>
 *
 * @param <I> what this side receives
 * @param <O> what this side sends
 */
public interface DuplexLink<I, O> extends AutoCloseable {

  /** What this side sends; its status follows the whole link. */
  Tx<O> tx();

  /** What this side receives. */
  Rx<I> rx();

  /**
   * Closes both directions: acknowledgements for everything taken are flushed, the peer is told the
   * link is closed (its status becomes Closed at once), and messages not yet acknowledged in either
   * direction go back to their senders. Idempotent.
   */
  @Override
  void close();
}
