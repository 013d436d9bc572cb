package io.hyperactor.inject;

import io.hyperactor.ActorHandle;
import io.hyperactor.Proc;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.agent.ProcAgent;
import io.hyperactor.internal.agent.ProcAgentOptions;
import io.hyperactor.internal.agent.SpawnableRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Boots the per-proc system actors the modules rely on: the proc agent and its gateway. */
final class ProcAgents {
  private static final Logger log = LoggerFactory.getLogger(ProcAgents.class);

  private ProcAgents() {}

  /**
   * Boots the agent of an in-JVM proc. Its exit hook only logs: an in-JVM proc must not end the
   * host's process, and the local manager stops procs by draining them, not through StopAll.
   */
  static ActorHandle<Object> bootLocal(
      Proc proc, SpawnableRegistry spawnables, HyperactorConfig config) {
    ActorHandle<Object> agent =
        ProcAgent.boot(
            proc,
            ProcAgentOptions.defaults(spawnables)
                .withConfig(config)
                .withExitHook(
                    code ->
                        log.info(
                            "in-JVM proc {} finished StopAll (code {}); the process keeps running",
                            proc.procId(),
                            code)));
    spawnGateway(proc);
    return agent;
  }

  /** Spawns the {@link AgentGateway} next to an already booted agent. */
  static void spawnGateway(Proc proc) {
    proc.spawn(AgentGateway.NAME, new AgentGateway());
  }
}
