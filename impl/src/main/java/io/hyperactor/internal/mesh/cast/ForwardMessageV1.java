package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * A cast on its way down the comm tree: the routing frames still to resolve at the receiving comm
 * actor, and the cast.
 *
 * @param dests the routing frames for the receiving comm actor
 * @param message the cast
 */
record ForwardMessageV1(ImmutableList<FrameWire> dests, CastMessageV1 message)
    implements CommMessage {
  ForwardMessageV1 {
    checkNotNull(dests, "dests");
    checkNotNull(message, "message");
    checkArgument(!dests.isEmpty(), "a forwarded cast needs at least one routing frame");
  }
}
