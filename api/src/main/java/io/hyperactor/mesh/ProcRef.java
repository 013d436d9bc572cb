package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;

/**
 * One proc of a proc mesh: its id and the rank it was created with.
 *
 * <p>The create rank is the proc's rank in the mesh as spawned, before any slicing; a slice keeps
 * it, while the proc's view rank is its position in the slice. Every proc runs its proc agent as
 * actor {@value #PROC_AGENT_NAME}, which spawns, stops and reports the proc's actors.
 *
 * @param procId the proc
 * @param createRank its rank in the mesh as spawned
 */
public record ProcRef(ProcId procId, int createRank) {
  /** The name of the proc agent actor on every proc. */
  public static final String PROC_AGENT_NAME = "proc_agent";

  public ProcRef {
    checkNotNull(procId, "procId");
    checkArgument(createRank >= 0, "createRank must be >= 0, got %s", createRank);
  }

  /** The proc's agent. */
  public ActorId agentId() {
    return procId.actorId(PROC_AGENT_NAME);
  }

  @Override
  public String toString() {
    return procId + "#" + createRank;
  }
}
