package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Instance#splitPort} builds a split port: whether and how it reduces what it receives
 * before passing it on to the parent port, and whether failed deliveries to the parent come back.
 *
 * <pre>{@code
 * PortId split =
 *     cx.splitPort(reply.portId(), SplitPortOptions.reducing(Reducers.SUM, ReducerMode.once(3)));
 * }</pre>
 *
 * @param reducerSpec the reducer, or null to forward every message unchanged
 * @param mode when reduced messages are passed on; streaming (and ignored) without a reducer
 * @param returnUndeliverable whether a message the parent port cannot take comes back to the
 *     splitting instance as undeliverable
 */
public record SplitPortOptions(
    @Nullable ReducerSpec reducerSpec, ReducerMode mode, boolean returnUndeliverable) {
  public SplitPortOptions {
    checkNotNull(mode, "mode");
    checkArgument(
        reducerSpec != null || mode instanceof ReducerMode.Streaming,
        "a split port without a reducer forwards every message; %s needs a reducer",
        mode);
  }

  /** A split port that forwards every message to the parent as it arrives. */
  public static SplitPortOptions forwarding() {
    return new SplitPortOptions(null, ReducerMode.streaming(), true);
  }

  /** A split port that reduces with {@code reducer} and passes results on as {@code mode} says. */
  public static SplitPortOptions reducing(ReducerSpec reducer, ReducerMode mode) {
    return new SplitPortOptions(checkNotNull(reducer, "reducer"), mode, true);
  }

  /** These options with {@code returnUndeliverable} set. */
  public SplitPortOptions withReturnUndeliverable(boolean returnUndeliverable) {
    return new SplitPortOptions(reducerSpec, mode, returnUndeliverable);
  }

  /** The reducer, if any. */
  public Optional<ReducerSpec> reducer() {
    return Optional.ofNullable(reducerSpec);
  }
}
