package io.hyperactor.internal.host;

import io.hyperactor.ActorHandle;
import io.hyperactor.Proc;

/**
 * Spawns the agent actor of a proc created by a {@link LocalProcManager}.
 *
 * @param <A> the agent's message type
 */
@FunctionalInterface
public interface LocalAgentFactory<A> {

  /**
   * Spawns the agent on {@code proc} and returns its handle.
   *
   * @throws Exception when the agent cannot be spawned; the spawn fails with {@code
   *     AGENT_SPAWN_FAILURE}
   */
  ActorHandle<A> spawn(Proc proc) throws Exception;
}
