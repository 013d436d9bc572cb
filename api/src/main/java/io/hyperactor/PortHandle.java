package io.hyperactor;

import io.hyperactor.id.PortId;
import io.hyperactor.ref.PortRef;

/**
 * A local, typed handle to a port; thread-safe.
 *
 * @param <M> the accepted message type
 */
public interface PortHandle<M> {

  /** The port's id. */
  PortId portId();

  /**
   * Enqueues {@code message} without a sender.
   *
   * @throws MailboxSenderException when the port's owner terminated or the port is closed
   */
  void send(M message);

  /**
   * Enqueues {@code message} as {@code sender}.
   *
   * @throws MailboxSenderException when the port's owner terminated or the port is closed
   */
  void send(Instance<?> sender, M message);

  /** A serializable reference to this port. */
  default PortRef<M> bind() {
    return PortRef.attest(portId());
  }
}
