package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.PortRef;

/**
 * Asks for the state of resource {@code id}; an unknown id is answered with {@link State#notExist}.
 *
 * @param id the resource
 * @param reply where the state goes
 * @param <S> the state payload type
 */
public record GetState<S>(ResourceId id, PortRef<State<S>> reply) implements ResourceMessage {
  public GetState {
    checkNotNull(id, "id");
    checkNotNull(reply, "reply");
  }
}
