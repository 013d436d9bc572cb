package io.hyperactor.mesh.routing;

import com.google.common.primitives.ImmutableIntArray;
import io.hyperactor.mesh.Selection;
import java.util.Map;

/**
 * What makes two routing frames the same step: coordinate, dimension and normalized selection.
 * Frames with equal keys route identically, so only one of them needs expanding; in particular two
 * frames that would deliver to the same point collapse into one delivery.
 */
record RoutingFrameKey(ImmutableIntArray here, int dim, Selection selection) {

  static RoutingFrameKey of(RoutingFrame frame) {
    return new RoutingFrameKey(
        ImmutableIntArray.copyOf(frame.hereArray()), frame.dim(), frame.selection().normalize());
  }

  /**
   * As {@link #of(RoutingFrame)}, normalizing each selection instance once: the frames one step
   * produces share their residual selections, so the cache saves most of the work.
   */
  static RoutingFrameKey of(RoutingFrame frame, Map<Selection, Selection> normalized) {
    Selection selection = normalized.computeIfAbsent(frame.selection(), Selection::normalize);
    return new RoutingFrameKey(ImmutableIntArray.copyOf(frame.hereArray()), frame.dim(), selection);
  }
}
