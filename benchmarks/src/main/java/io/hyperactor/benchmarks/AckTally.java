package io.hyperactor.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Counts the acknowledgements of the messages in flight to a group of actors: a message (by its
 * sequence number) is complete when every one of the group's actors has acknowledged it.
 *
 * <p>At most {@code capacity} messages are in flight at once; sequence numbers in flight must be
 * distinct modulo the capacity (consecutive numbers always are). An acknowledgement of a message
 * that is not in flight (a stray, or one more than the group has actors) is an error: the
 * benchmark that sees one measured something else than it claims.
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
  private final long[] sequenceAt;
  private final int[] acks;
  private int inFlight;

  AckTally(int actors, int capacity) {
    checkArgument(actors > 0, "a group needs at least one actor, got %s", actors);
    checkArgument(capacity > 0, "capacity must be positive, got %s", capacity);
    this.actors = actors;
    this.sequenceAt = new long[capacity];
    this.acks = new int[capacity];
    Arrays.fill(sequenceAt, -1);
  }

  /** Puts message {@code sequence} (not negative) in flight, with no acknowledgement yet. */
  void expect(long sequence) {
    checkArgument(sequence >= 0, "sequence numbers are not negative, got %s", sequence);
    int slot = slot(sequence);
    if (sequenceAt[slot] == sequence) {
      throw new IllegalStateException("message " + sequence + " is already in flight");
    }
    if (sequenceAt[slot] >= 0) {
      throw new IllegalStateException("message " + sequence + " would overtake message "
          + sequenceAt[slot] + ", still in flight: at most " + sequenceAt.length + " in flight");
    }
    sequenceAt[slot] = sequence;
    acks[slot] = 0;
    inFlight++;
  }

  /**
   * Records one acknowledgement of message {@code sequence}; returns true when it was the last one
   * of the group, which takes the message out of flight.
   *
   * @throws IllegalStateException when {@code sequence} is not in flight
   */
  boolean ack(long sequence) {
    int slot = sequence < 0 ? -1 : slot(sequence);
    if (slot < 0 || sequenceAt[slot] != sequence) {
      throw new IllegalStateException("acknowledgement of message " + sequence
          + ", which is not in flight (a stray, or more acknowledgements than " + actors + " actors)");
    }
    if (++acks[slot] < actors) {
      return false;
    }
    sequenceAt[slot] = -1;
    inFlight--;
    return true;
  }

  /** How many messages are in flight. */
  int inFlight() {
    return inFlight;
  }

  private int slot(long sequence) {
    return (int) (sequence % sequenceAt.length);
  }
}
