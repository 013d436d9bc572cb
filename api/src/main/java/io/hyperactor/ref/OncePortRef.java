package io.hyperactor.ref;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.id.PortId;

/**
 * A serializable reference to a single-use port, typically used for a reply.
 *
 * <p>The port accepts one message; later sends come back as undeliverable.
 *
 * @param portId the referenced port
 * @param <M> the accepted message type
 */
public record OncePortRef<M>(PortId portId) {
  public OncePortRef {
    checkNotNull(portId, "portId");
  }

  /** Sends {@code message} to the port, as {@code sender}. */
  public void send(Instance<?> sender, M message) {
    sender.post(portId, message);
  }

  @Override
  public String toString() {
    return portId.toString();
  }
}
