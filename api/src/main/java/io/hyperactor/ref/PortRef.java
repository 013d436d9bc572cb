package io.hyperactor.ref;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.id.PortId;

/**
 * A serializable reference to a port that accepts messages of type {@code M}.
 *
 * @param portId the referenced port
 * @param <M> the accepted message type
 */
public record PortRef<M>(PortId portId) {
  public PortRef {
    checkNotNull(portId, "portId");
  }

  /** A reference to {@code portId}, trusting the caller that it accepts {@code M}. */
  public static <M> PortRef<M> attest(PortId portId) {
    return new PortRef<>(portId);
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
