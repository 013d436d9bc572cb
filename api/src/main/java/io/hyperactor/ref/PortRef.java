package io.hyperactor.ref;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A serializable reference to a port that accepts messages of type {@code M}.
 *
 * <p>A reference to an accumulating port (see {@link Instance#openAccumPort}) also names the
 * port's reducer and streaming options, so that when the reference is cast to a mesh, the casting
 * layer can split it and combine replies on their way back.
 *
 * @param portId the referenced port
 * @param reducerSpec the reducer that may combine messages sent to the port, or null for none
 * @param streamingOpts how split copies of this port flush reduced messages
 * @param <M> the accepted message type
 */
public record PortRef<M>(
    PortId portId, @Nullable ReducerSpec reducerSpec, ReducerMode.Streaming streamingOpts) {
  public PortRef {
    checkNotNull(portId, "portId");
    checkNotNull(streamingOpts, "streamingOpts");
  }

  /** A reference to {@code portId} without a reducer. */
  public PortRef(PortId portId) {
    this(portId, null, ReducerMode.streaming());
  }

  /** A reference to {@code portId}, trusting the caller that it accepts {@code M}. */
  public static <M> PortRef<M> attest(PortId portId) {
    return new PortRef<>(portId);
  }

  /** The reducer that may combine messages to this port, if any. */
  public Optional<ReducerSpec> reducer() {
    return Optional.ofNullable(reducerSpec);
  }

  /** Sends {@code message} to the port, as {@code sender}. */
  public void send(Instance<?> sender, M message) {
    sender.post(portId, message);
  }

  @Override
  public String toString() {
    return reducerSpec == null ? portId.toString() : portId + "(reducer " + reducerSpec + ")";
  }
}
