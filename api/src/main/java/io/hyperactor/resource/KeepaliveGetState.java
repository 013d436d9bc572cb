package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * A {@link GetState} that also tells the agent its owner is alive until {@code expiresAfter}.
 *
 * <p>An agent that reaps orphans stops a resource whose latest keepalive has expired; a resource
 * that never received a keepalive never expires.
 *
 * @param expiresAfter the wall-clock deadline chosen by the owner
 * @param getState the state query answered as usual
 * @param <S> the state payload type
 */
public record KeepaliveGetState<S>(Instant expiresAfter, GetState<S> getState)
    implements ResourceMessage {
  public KeepaliveGetState {
    checkNotNull(expiresAfter, "expiresAfter");
    checkNotNull(getState, "getState");
  }
}
