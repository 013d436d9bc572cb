package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a proc resource's {@link State}, as its host agent reports it.
 *
 * @param procId the proc
 * @param createRank the proc's rank in its mesh as spawned
 * @param agent the proc's agent
 * @param procStatus the proc's process status, on hosts whose procs are child JVMs; null on
 *     in-process hosts
 */
public record ProcState(
    ProcId procId, long createRank, ActorRef<Object> agent, @Nullable ProcStatus procStatus) {
  public ProcState {
    checkNotNull(procId, "procId");
    checkArgument(createRank >= 0, "createRank must be >= 0, got %s", createRank);
    checkNotNull(agent, "agent");
  }

  /** The process status, on hosts whose procs are child JVMs. */
  public Optional<ProcStatus> processStatus() {
    return Optional.ofNullable(procStatus);
  }
}
