package io.hyperactor;

/**
 * An instance with a mailbox but no message loop, used by code outside actors to send and receive.
 *
 * <p>Its status is {@code Client} until it is closed, which sets {@code Stopped("instance is
 * dropped")}. An instance that is never closed is closed when it becomes unreachable.
 */
public interface ClientInstance extends Instance<Void>, AutoCloseable {

  /**
   * The messages this instance sent that came back undeliverable, from the first call on; until
   * then, for a client that never calls this, and after the receiver is closed, they are logged.
   * Every call returns the same receiver, receiving again.
   *
   * <pre>{@code
   * PortReceiver<Undeliverable> returned = client.undeliverables();
   * ref.send(client, message);
   * Undeliverable u = returned.recv(Duration.ofSeconds(30));
   * }</pre>
   */
  PortReceiver<Undeliverable> undeliverables();

  /** Terminates this client instance; idempotent. */
  @Override
  void close();
}
