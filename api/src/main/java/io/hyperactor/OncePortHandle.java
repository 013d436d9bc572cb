package io.hyperactor;

import io.hyperactor.id.PortId;
import io.hyperactor.ref.OncePortRef;

/**
 * A local handle to a single-use port.
 *
 * @param <M> the accepted message type
 */
public interface OncePortHandle<M> {

  /** The port's id. */
  PortId portId();

  /**
   * Delivers {@code message}; a once port accepts exactly one.
   *
   * @throws MailboxSenderException when the port was already used or its owner terminated
   */
  void send(M message);

  /** A serializable reference to this port. */
  default OncePortRef<M> bind() {
    return new OncePortRef<>(portId());
  }
}
