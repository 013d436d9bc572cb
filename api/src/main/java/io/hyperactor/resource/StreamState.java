package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.PortRef;

/**
 * Subscribes {@code subscriber} to resource {@code id}: the current state is sent at once, then the
 * full state after every change.
 *
 * <p>Every state sent carries the header {@link ResourceMessage#STREAM_STATE_SUBSCRIBER}; there is
 * no unsubscribe, a subscriber whose port is gone is dropped when an update to it bounces. For an
 * unknown id, a {@code NotExist} state is sent and nothing is registered.
 *
 * @param id the resource
 * @param subscriber where states go
 * @param <S> the state payload type
 */
public record StreamState<S>(ResourceId id, PortRef<State<S>> subscriber)
    implements ResourceMessage {
  public StreamState {
    checkNotNull(id, "id");
    checkNotNull(subscriber, "subscriber");
  }
}
