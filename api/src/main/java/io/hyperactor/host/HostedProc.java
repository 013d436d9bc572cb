package io.hyperactor.host;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;

/**
 * A proc a host spawned and found ready.
 *
 * @param procId the proc's id: the host's frontend address and the proc's name
 * @param agent the proc's agent
 * @param <A> the agent's message type
 */
public record HostedProc<A>(ProcId procId, ActorRef<A> agent) {
  public HostedProc {
    checkNotNull(procId, "procId");
    checkNotNull(agent, "agent");
  }
}
