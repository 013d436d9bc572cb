package io.hyperactor.internal;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link MpscLane}'s producers link to: a queued node, or the lane itself while it is the
 * stub in front of its first node. Only the link is common to both, so a lane at rest costs one
 * reference field and no node.
 */
class LaneLink {
  volatile MpscLane.@Nullable Node next;
}
