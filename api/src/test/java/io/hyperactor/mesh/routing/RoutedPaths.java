package io.hyperactor.mesh.routing;

import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * A frame-by-frame routing simulation (upstream's {@code collect_routed_paths}): breadth first from
 * the root frame, each step a hop, with frames deduplicated by key across the whole traversal
 * unless {@code dedup} is off. Delivering twice to one rank fails with {@link OverDelivery}.
 */
final class RoutedPaths {
  /** Rank to the path of ranks that reached it. */
  final Map<Integer, List<Integer>> delivered = new HashMap<>();

  /** Rank to the ranks a frame reached it from (itself included, for self-forwarding). */
  final Map<Integer, Set<Integer>> predecessors = new HashMap<>();

  static final class OverDelivery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverDelivery(String message) {
      super(message);
    }
  }

  private record Routed(List<Integer> path, RoutingFrame frame) {}

  static RoutedPaths collect(Selection selection, Slice slice, boolean dedup) {
    RoutedPaths result = new RoutedPaths();
    Set<RoutingFrameKey> seen = new HashSet<>();
    RoutingFrame root = RoutingFrame.root(selection, slice);
    Queue<Routed> pending = new ArrayDeque<>();
    pending.add(new Routed(List.of(root.location()), root));
    while (!pending.isEmpty()) {
      Routed routed = pending.remove();
      for (RoutingFrame next : routed.frame().nextSteps()) {
        if (dedup && !seen.add(RoutingFrameKey.of(next))) {
          continue;
        }
        int nextRank = next.location();
        int parent = routed.path().get(routed.path().size() - 1);
        result.predecessors.computeIfAbsent(nextRank, r -> new HashSet<>()).add(parent);
        List<Integer> path = new ArrayList<>(routed.path());
        path.add(nextRank);
        if (next.deliverHere()) {
          List<Integer> previous = result.delivered.put(nextRank, path);
          if (previous != null) {
            throw new OverDelivery(
                "over-delivery detected: node "
                    + nextRank
                    + " delivered twice\nfirst: "
                    + previous
                    + "\nsecond: "
                    + path);
          }
        } else {
          pending.add(new Routed(path, next));
        }
      }
    }
    return result;
  }

  /**
   * The routing tree as upstream's {@code format_routing_tree} prints it: one line per frame,
   * indented two spaces per hop, deliveries marked with a check mark.
   */
  static String formatRoutingTree(Selection selection, Slice slice) {
    StringBuilder out = new StringBuilder();
    format(RoutingFrame.root(selection, slice), 0, out, new HashSet<>());
    return out.toString();
  }

  private static void format(
      RoutingFrame frame, int indent, StringBuilder out, Set<RoutingFrameKey> seen) {
    if (!seen.add(RoutingFrameKey.of(frame))) {
      return;
    }
    out.append("  ".repeat(indent)).append(coords(frame.here()));
    if (frame.deliverHere()) {
      out.append(" \u2705\n");
      return;
    }
    out.append('\n');
    for (RoutingFrame next : frame.nextSteps()) {
      format(next, indent + 1, out, seen);
    }
  }

  static String coords(List<Integer> here) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < here.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(here.get(i));
    }
    return s.append(')').toString();
  }
}
