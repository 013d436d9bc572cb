package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.supervision.ActorSupervisionEvent;

/**
 * An actor instance without a message loop, whose receivers the caller drives by hand.
 *
 * @param instance the instance (status {@code Client})
 * @param handle its handle
 * @param supervision child supervision events
 * @param signal signals sent to it
 * @param work messages sent to its handler port
 * @param <M> the protocol
 */
public record ActorInstance<M>(
    ClientInstance instance,
    ActorHandle<M> handle,
    PortReceiver<ActorSupervisionEvent> supervision,
    PortReceiver<Signal> signal,
    PortReceiver<M> work) {
  public ActorInstance {
    checkNotNull(instance, "instance");
    checkNotNull(handle, "handle");
    checkNotNull(supervision, "supervision");
    checkNotNull(signal, "signal");
    checkNotNull(work, "work");
  }
}
