package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ClientInstance;
import io.hyperactor.PortReceiver;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.PortRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One request per rank, each to an agent and with a reply port of its own, and the replies
 * gathered by rank.
 *
 * <p>A rank whose request comes back undeliverable gets {@code onReturn}'s value; a rank with no
 * reply once nothing arrived for {@code maxIdle} (re-armed by every reply) stays null. The ports
 * are closed at the end and bound without returns, so a late reply is dropped rather than returned
 * to its agent. Not thread-safe: one waiting thread.
 *
 * @param <T> the reply type
 */
final class RankReplies<T> {
  private static final Duration POLL = Duration.ofMillis(20);

  private final ClientInstance sender;
  private final List<PortReceiver<T>> ports = new ArrayList<>();
  private final Map<ActorId, List<Integer>> ranksByAgent = new HashMap<>();

  RankReplies(ClientInstance sender) {
    this.sender = checkNotNull(sender, "sender");
    // Collect returned requests from now on: one that comes back before the wait starts counts.
    sender.undeliverables();
  }

  /**
   * Sends the requests {@code requests} makes around the next rank's reply port to {@code agent}
   * (in order; the last one's reply counts), and returns that rank.
   */
  int send(ActorId agent, Function<PortRef<T>, List<?>> requests) {
    PortReceiver<T> port = sender.openPort();
    int rank = ports.size();
    ports.add(port);
    ranksByAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(rank);
    for (Object request : requests.apply(port.handle().bind().withReturnUndeliverable(false))) {
      sender.post(agent.portId(PortId.HANDLER_INDEX), request);
    }
    return rank;
  }

  /**
   * Waits for every rank's reply; a rank that was not answered is null in the result, and a rank
   * whose request came back holds {@code onReturn} of the returned message.
   */
  List<@Nullable T> await(Duration maxIdle, BiFunction<Integer, Undeliverable, T> onReturn)
      throws InterruptedException {
    checkArgument(!maxIdle.isNegative(), "maxIdle must not be negative");
    int n = ports.size();
    List<@Nullable T> replies = new ArrayList<>(Collections.nCopies(n, null));
    boolean[] done = new boolean[n];
    int remaining = n;
    long lastReply = System.nanoTime();
    try {
      while (remaining > 0) {
        boolean progress = false;
        Undeliverable returned;
        while ((returned = sender.undeliverables().tryRecv()) != null) {
          for (int rank : ranksByAgent.getOrDefault(returned.envelope().dest().actorId(), List.of())) {
            if (!done[rank]) {
              replies.set(rank, onReturn.apply(rank, returned));
              done[rank] = true;
              remaining--;
              progress = true;
            }
          }
        }
        int first = -1;
        for (int rank = 0; rank < n; rank++) {
          if (done[rank]) {
            continue;
          }
          T reply = ports.get(rank).tryRecv();
          if (reply != null) {
            replies.set(rank, reply);
            done[rank] = true;
            remaining--;
            progress = true;
          } else if (first < 0) {
            first = rank;
          }
        }
        if (progress) {
          lastReply = System.nanoTime();
          continue;
        }
        if (remaining == 0) {
          break;
        }
        long idleLeft = maxIdle.toNanos() - (System.nanoTime() - lastReply);
        if (idleLeft <= 0) {
          break;
        }
        try {
          T reply = ports.get(first).recv(Duration.ofNanos(Math.min(idleLeft, POLL.toNanos())));
          replies.set(first, reply);
          done[first] = true;
          remaining--;
          lastReply = System.nanoTime();
        } catch (TimeoutException e) {
          // Look at the other ports and at returned requests again.
        }
      }
    } finally {
      for (PortReceiver<T> port : ports) {
        port.close();
      }
    }
    return replies;
  }
}
