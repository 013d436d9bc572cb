package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;
import java.util.List;

/**
 * The outcome of tearing a proc down.
 *
 * @param stopped actors that stopped within the timeout (an immutable copy is kept)
 * @param aborted actors that had to be aborted (an immutable copy is kept)
 */
public record DestroyResult(List<ActorId> stopped, List<ActorId> aborted) {
  public DestroyResult {
    stopped = ImmutableList.copyOf(checkNotNull(stopped, "stopped"));
    aborted = ImmutableList.copyOf(checkNotNull(aborted, "aborted"));
  }
}
