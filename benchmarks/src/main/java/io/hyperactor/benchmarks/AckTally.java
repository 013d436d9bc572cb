package io.hyperactor.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the acknowledgements of the messages in flight to a group of actors: a message (by its
 * sequence number) is complete when every one of the group's actors has acknowledged it.
 *
 * <p>At most {@code capacity} messages are in flight at once, completing in any order. An
 * acknowledgement of a message that is not in flight (a stray, or one more than the group has
 * actors) is an error: the benchmark that sees one measured something else than it claims.
 *
 * <pre>{@code
 * AckTally tally = new AckTally(32, 100);
 * tally.expect(7);
 * ... // 31 acks of 7: tally.ack(7) is false
 * tally.ack(7);  // the 32nd: true, and 7 is no longer in flight
 * }</pre>
 */
final class AckTally {
  private final int actors;
  private final int capacity;
  private final Map<Long, Integer> acks = new HashMap<>();

  AckTally(int actors, int capacity) {
    checkArgument(actors > 0, "a group needs at least one actor, got %s", actors);
    checkArgument(capacity > 0, "capacity must be positive, got %s", capacity);
    this.actors = actors;
    this.capacity = capacity;
  }

  /** Puts message {@code sequence} (not negative) in flight, with no acknowledgement yet. */
  void expect(long sequence) {
    checkArgument(sequence >= 0, "sequence numbers are not negative, got %s", sequence);
    if (acks.containsKey(sequence)) {
      throw new IllegalStateException("message " + sequence + " is already in flight");
    }
    if (acks.size() == capacity) {
      throw new IllegalStateException(
          "message " + sequence + " would exceed " + capacity + " messages in flight");
    }
    acks.put(sequence, 0);
  }

  /**
   * Records one acknowledgement of message {@code sequence}; returns true when it was the last one
   * of the group, which takes the message out of flight.
   *
   * @throws IllegalStateException when {@code sequence} is not in flight
   */
  boolean ack(long sequence) {
    Integer before = acks.get(sequence);
    if (before == null) {
      throw new IllegalStateException("acknowledgement of message " + sequence
          + ", which is not in flight (a stray, or more acknowledgements than " + actors + " actors)");
    }
    if (before + 1 < actors) {
      acks.put(sequence, before + 1);
      return false;
    }
    acks.remove(sequence);
    return true;
  }

  /** How many messages are in flight. */
  int inFlight() {
    return acks.size();
  }
}
