package io.hyperactor.mesh.routing;

import com.google.common.collect.ImmutableList;
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
 * A simulation of a cast through a mesh of comm actors (upstream's {@code
 * collect_commactor_routing_tree}): the root frame starts at the rank of coordinate zero, and each
 * rank that receives frames resolves them with {@link RoutingDecision#resolve}, delivering and
 * forwarding one message per peer. Nothing runs concurrently: messages are processed in the order
 * they are sent.
 */
final class CommTreeSimulation {
  /** Rank to the number of times the message was delivered there. */
  final Map<Integer, Integer> deliveries = new HashMap<>();

  /** Rank to the path of ranks the delivered message took from the root. */
  final Map<Integer, List<Integer>> deliveryPaths = new HashMap<>();

  /** Every rank that received a message. */
  final Set<Integer> visited = new HashSet<>();

  /** Rank to the frames it forwarded, to any peer. */
  final Map<Integer, List<RoutingFrame>> forwards = new HashMap<>();

  /** Rank to the ranks it received messages from. */
  final Map<Integer, Set<Integer>> senders = new HashMap<>();

  private record Message(int to, List<RoutingFrame> frames, ImmutableList<Integer> path) {}

  static CommTreeSimulation run(Selection selection, Slice slice) {
    CommTreeSimulation sim = new CommTreeSimulation();
    RoutingFrame root = RoutingFrame.root(selection, slice);
    int origin = root.location();
    Queue<Message> pending = new ArrayDeque<>();
    pending.add(new Message(origin, List.of(root), ImmutableList.of(origin)));
    while (!pending.isEmpty()) {
      Message message = pending.remove();
      int rank = message.to();
      sim.visited.add(rank);
      RoutingDecision decision = RoutingDecision.resolve(rank, message.frames());
      if (decision.deliverHere()) {
        sim.deliveries.merge(rank, 1, Integer::sum);
        sim.deliveryPaths.put(rank, message.path());
      }
      decision
          .forwards()
          .forEach(
              (peer, frames) -> {
                sim.forwards.computeIfAbsent(rank, r -> new ArrayList<>()).addAll(frames);
                sim.senders.computeIfAbsent(peer, p -> new HashSet<>()).add(rank);
                ImmutableList<Integer> path =
                    ImmutableList.<Integer>builder().addAll(message.path()).add(peer).build();
                pending.add(new Message(peer, frames, path));
              });
    }
    return sim;
  }
}
