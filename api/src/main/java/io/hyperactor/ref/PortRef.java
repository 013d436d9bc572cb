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
 * <p>A message sent to the port that cannot be delivered comes back to its sender as {@link
 * io.hyperactor.Undeliverable}, unless the reference says otherwise: a caller that may close its
 * reply port before every answer arrives (it waits for the first of several, or gives up after a
 * timeout) hands out {@code port.withReturnUndeliverable(false)}, and the answers that find the
 * port closed are dropped instead of coming back to whoever answered.
 *
 * <pre>{@code
 * PortRef<StatusOverlay> reply = port.handle().bind().withReturnUndeliverable(false);
 * }</pre>
 *
 * @param portId the referenced port
 * @param reducerSpec the reducer that may combine messages sent to the port, or null for none
 * @param streamingOpts how split copies of this port flush reduced messages
 * @param returnUndeliverable whether a message sent to the port that cannot be delivered comes
 *     back to its sender; when false it is dropped
 * @param <M> the accepted message type
 */
public record PortRef<M>(
    PortId portId,
    @Nullable ReducerSpec reducerSpec,
    ReducerMode.Streaming streamingOpts,
    boolean returnUndeliverable) {
  public PortRef {
    checkNotNull(portId, "portId");
    checkNotNull(streamingOpts, "streamingOpts");
  }

  /** A reference to {@code portId} whose failed deliveries come back to their senders. */
  public PortRef(
      PortId portId, @Nullable ReducerSpec reducerSpec, ReducerMode.Streaming streamingOpts) {
    this(portId, reducerSpec, streamingOpts, true);
  }

  /** A reference to {@code portId} without a reducer. */
  public PortRef(PortId portId) {
    this(portId, null, ReducerMode.streaming(), true);
  }

  /** This reference with {@code returnUndeliverable} set. */
  public PortRef<M> withReturnUndeliverable(boolean returnUndeliverable) {
    return returnUndeliverable == this.returnUndeliverable
        ? this
        : new PortRef<>(portId, reducerSpec, streamingOpts, returnUndeliverable);
  }

  /** A reference to {@code portId}, trusting the caller that it accepts {@code M}. */
  public static <M> PortRef<M> attest(PortId portId) {
    return new PortRef<>(portId);
  }

  /** The reducer that may combine messages to this port, if any. */
  public Optional<ReducerSpec> reducer() {
    return Optional.ofNullable(reducerSpec);
  }

  /**
   * Sends {@code message} to the port, as {@code sender}; a failed delivery comes back to {@code
   * sender} when {@link #returnUndeliverable} is set, and is dropped otherwise.
   */
  public void send(Instance<?> sender, M message) {
    sender.post(portId, message, returnUndeliverable);
  }

  @Override
  public String toString() {
    String text =
        reducerSpec == null ? portId.toString() : portId + "(reducer " + reducerSpec + ")";
    return returnUndeliverable ? text : text + "(no return)";
  }
}
