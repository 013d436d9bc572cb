package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Instance;
import io.hyperactor.SplitPortOptions;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;

/**
 * Splits the reply ports of a cast at one hop, on the instance that makes the hop (a comm actor, or
 * the caster on the point-to-point path), so that the replies of everything below the hop come back
 * through it and are reduced there.
 *
 * <ul>
 *   <li>A {@link PortRef} is split streaming: with its reducer and streaming options when it names a
 *       reducer, forwarding every reply otherwise.
 *   <li>A reducing {@link OncePortRef} is split {@code once(destinations)}: it passes one reduction
 *       of the replies of everything below the hop on.
 *   <li>A {@link OncePortRef} without a reducer is not split: every destination gets the caster's
 *       port, and only the first reply is taken.
 * </ul>
 *
 * <p>The split reference keeps the reducer and options, so the next hop splits it again.
 */
final class ReplySplitter implements MessageBinder.PortSplitter {
  private final Instance<?> owner;
  private final int destinations;

  /**
   * @param owner the instance making the hop, on which the split ports are opened
   * @param destinations how many destinations the hop sends to: the local delivery and each peer
   */
  ReplySplitter(Instance<?> owner, int destinations) {
    this.owner = checkNotNull(owner, "owner");
    checkArgument(destinations >= 0, "destinations must be >= 0, got %s", destinations);
    this.destinations = destinations;
  }

  @Override
  public PortRef<?> split(PortRef<?> port) {
    ReducerSpec reducer = port.reducerSpec();
    SplitPortOptions options =
        reducer == null
            ? SplitPortOptions.forwarding()
            : SplitPortOptions.reducing(reducer, port.streamingOpts());
    // A caller that asked not to hear of failed replies asks it of every hop on their way back.
    PortId split =
        owner.splitPort(
            port.portId(), options.withReturnUndeliverable(port.returnUndeliverable()));
    return new PortRef<>(split, reducer, port.streamingOpts(), port.returnUndeliverable());
  }

  @Override
  public OncePortRef<?> split(OncePortRef<?> port) {
    ReducerSpec reducer = port.reducerSpec();
    if (reducer == null) {
      return port;
    }
    PortId split =
        owner.splitPort(port.portId(), SplitPortOptions.reducing(reducer, ReducerMode.once(destinations)));
    return new OncePortRef<>(split, reducer);
  }
}
