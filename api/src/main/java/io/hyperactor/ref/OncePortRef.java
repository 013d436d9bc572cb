package io.hyperactor.ref;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.ReducerSpec;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A serializable reference to a single-use port, typically used for a reply.
 *
 * <p>The port accepts one message; later sends come back as undeliverable. A reference to a
 * reducing once port (see {@link Instance#openReducePort}) names its reducer: when it is cast to a
 * mesh, the replies of all destinations are reduced into the one message the port accepts.
 *
 * @param portId the referenced port
 * @param reducerSpec the reducer combining the replies of a cast, or null for none
 * @param <M> the accepted message type
 */
public record OncePortRef<M>(PortId portId, @Nullable ReducerSpec reducerSpec) {
  public OncePortRef {
    checkNotNull(portId, "portId");
  }

  /** A reference to {@code portId} without a reducer. */
  public OncePortRef(PortId portId) {
    this(portId, null);
  }

  /** The reducer combining the replies of a cast, if any. */
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
