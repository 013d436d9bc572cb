package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.id.ActorId;

/**
 * The outcome of tearing a proc down.
 *
 * @param stopped actors that stopped within the timeout
 * @param aborted actors that had to be aborted
 */
public record DestroyResult(ImmutableList<ActorId> stopped, ImmutableList<ActorId> aborted) {
  public DestroyResult {
    checkNotNull(stopped, "stopped");
    checkNotNull(aborted, "aborted");
  }
}
