package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.UUID;

/**
 * The ordering information a message carries: a sender session and sequence number, or none.
 *
 * <p>Each sending instance numbers its messages per destination actor from 1, so a receiver with
 * the reordering buffer enabled can restore the send order. When a numbered message comes back to
 * its sender undeliverable, the sender starts a new <em>epoch</em> of that destination's sequence,
 * numbered from 1 again: the receiver treats a higher epoch as a fresh start instead of waiting for
 * the returned numbers, and returns what it still holds of lower epochs rather than deliver it out
 * of order.
 */
public sealed interface SeqInfo permits SeqInfo.Session, SeqInfo.Direct {

  /** The shared {@link Direct} value. */
  SeqInfo DIRECT = new Direct();

  /**
   * A message numbered within a sender session.
   *
   * @param sessionId the sending instance's session
   * @param seq the sequence number within the epoch, from 1
   * @param epoch how many times the sender restarted this destination's sequence after a message
   *     of it was returned, from 0
   */
  record Session(UUID sessionId, long seq, long epoch) implements SeqInfo {
    public Session {
      checkNotNull(sessionId, "sessionId");
      checkArgument(seq >= 0, "seq must be >= 0, got %s", seq);
      checkArgument(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    }

    /** A message numbered {@code seq} in the first epoch of {@code sessionId}. */
    public Session(UUID sessionId, long seq) {
      this(sessionId, seq, 0);
    }
  }

  /** A message sent without a sequence (delivered in arrival order). */
  record Direct() implements SeqInfo {}
}
