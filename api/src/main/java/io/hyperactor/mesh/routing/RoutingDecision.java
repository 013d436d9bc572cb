package io.hyperactor.mesh.routing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.mesh.Selection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * What a comm actor at one rank does with the routing frames a message carries: deliver it here or
 * not, and which frames to forward to which peer ranks.
 *
 * <p>{@link #resolve} takes each frame in turn. A frame for another rank is forwarded to that rank
 * as is. A frame for this rank either delivers here or is expanded with {@link
 * RoutingFrame#nextSteps} (duplicate steps dropped), and its steps are resolved the same way, depth
 * first, until every frame has either delivered or left for a peer. So a rank never forwards to
 * itself, and all of a peer's frames travel in one message.
 *
 * <pre>{@code
 * // The default cast on a 2x4 mesh: rank 0 delivers, forwards dim-2 frames to 1, 2 and 3 and a
 * // dim-1 frame to 4, which then forwards to 5, 6 and 7.
 * RoutingFrame root = RoutingFrame.root(Selection.all(), Slice.rowMajor(2, 4));
 * RoutingDecision d = RoutingDecision.resolve(0, List.of(root));
 * d.deliverHere();             // true
 * d.forwards().keySet();       // [1, 2, 3, 4]
 * }</pre>
 *
 * @param deliverHere whether the message is delivered at this rank
 * @param forwards the frames to forward, by peer rank, in the order they were first reached (an
 *     immutable copy of the map and of each list is kept, in the map's order)
 */
public record RoutingDecision(boolean deliverHere, Map<Integer, List<RoutingFrame>> forwards) {

  public RoutingDecision {
    ImmutableMap.Builder<Integer, List<RoutingFrame>> copy = ImmutableMap.builder();
    checkNotNull(forwards, "forwards")
        .forEach((peer, frames) -> copy.put(peer, ImmutableList.copyOf(frames)));
    forwards = copy.buildOrThrow();
  }

  /** {@link #resolve(int, Iterable, RandomGenerator)} with {@code any} choosing at random. */
  public static RoutingDecision resolve(int rank, Iterable<RoutingFrame> frames) {
    return resolve(rank, frames, ThreadLocalRandom.current());
  }

  /**
   * Resolves {@code frames} at {@code rank}; see the class comment.
   *
   * @throws io.hyperactor.mesh.GeometryException {@code UNSUPPORTED_SELECTION} for selections
   *     routing cannot decide locally ({@code first}, {@code label})
   */
  public static RoutingDecision resolve(
      int rank, Iterable<RoutingFrame> frames, RandomGenerator random) {
    Resolver resolver = new Resolver(rank, random);
    for (RoutingFrame frame : frames) {
      resolver.resolve(frame);
    }
    return new RoutingDecision(resolver.deliverHere, resolver.next);
  }

  private static final class Resolver {
    private final int rank;
    private final RandomGenerator random;
    private final Map<Integer, List<RoutingFrame>> next = new LinkedHashMap<>();
    // Identity-keyed: frames of one step share their residual selection instances.
    private final Map<Selection, Selection> normalized = new IdentityHashMap<>();
    private boolean deliverHere;

    Resolver(int rank, RandomGenerator random) {
      this.rank = rank;
      this.random = random;
    }

    void resolve(RoutingFrame frame) {
      int frameRank = frame.location();
      if (frameRank != rank) {
        next.computeIfAbsent(frameRank, r -> new ArrayList<>()).add(frame);
      } else if (frame.deliverHere()) {
        deliverHere = true;
      } else {
        for (RoutingFrame step : uniqueNextSteps(frame)) {
          resolve(step);
        }
      }
    }

    private List<RoutingFrame> uniqueNextSteps(RoutingFrame frame) {
      Set<RoutingFrameKey> seen = new HashSet<>();
      List<RoutingFrame> unique = new ArrayList<>();
      for (RoutingFrame step : frame.nextSteps(random)) {
        if (seen.add(RoutingFrameKey.of(step, normalized))) {
          unique.add(step);
        }
      }
      return unique;
    }
  }
}
