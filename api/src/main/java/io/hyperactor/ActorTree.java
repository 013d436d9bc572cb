package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.util.List;

/**
 * A snapshot of every live actor on one proc with its status, parents before children.
 *
 * @param procId the proc
 * @param pid the operating-system process id hosting the proc
 * @param actors the actors, each with its depth in the supervision tree
 */
public record ActorTree(ProcId procId, long pid, List<Entry> actors) {
  public ActorTree {
    checkNotNull(procId, "procId");
    actors = List.copyOf(checkNotNull(actors, "actors"));
  }

  /**
   * One actor of the tree.
   *
   * @param actorId the actor
   * @param depth 0 for a root, 1 for its children, and so on
   * @param status the actor's status, as displayed
   * @param system whether the actor is a system actor (agent, gateway)
   */
  public record Entry(ActorId actorId, int depth, String status, boolean system) {
    public Entry {
      checkNotNull(actorId, "actorId");
      checkNotNull(status, "status");
    }
  }
}
