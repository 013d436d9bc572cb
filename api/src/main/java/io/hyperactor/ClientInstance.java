package io.hyperactor;

/**
 * An instance with a mailbox but no message loop, used by code outside actors to send and receive.
 *
 * <p>Its status is {@code Client} until it is closed, which sets {@code Stopped("instance is
 * dropped")}. An instance that is never closed is closed when it becomes unreachable.
 */
public interface ClientInstance extends Instance<Void>, AutoCloseable {

  /** Terminates this client instance; idempotent. */
  @Override
  void close();
}
