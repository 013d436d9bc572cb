package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;

/**
 * The outcome of creating an actor through a proc's agent.
 *
 * @param actorId the actor the agent created (or would have created)
 * @param status the resource status the agent reported: {@code Running}, or {@code Failed(why)}
 * @param pid the operating-system process id of the proc that hosts the actor
 */
public record SpawnedActor(ActorId actorId, String status, long pid) {
  public SpawnedActor {
    checkNotNull(actorId, "actorId");
    checkNotNull(status, "status");
  }

  /** Whether the agent reported the actor running. */
  public boolean isRunning() {
    return status.equals("Running");
  }
}
