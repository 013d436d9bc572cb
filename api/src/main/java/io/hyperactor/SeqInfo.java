package io.hyperactor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.UUID;

/**
 * The ordering information a message carries: a sender session and sequence number, or none.
 *
 * <p>Each sending instance numbers its messages per destination actor from 1, so a receiver with
 * the reordering buffer enabled can restore the send order.
 */
public sealed interface SeqInfo permits SeqInfo.Session, SeqInfo.Direct {

  /** The shared {@link Direct} value. */
  SeqInfo DIRECT = new Direct();

  /**
   * A message numbered within a sender session.
   *
   * @param sessionId the sending instance's session
   * @param seq the sequence number, from 1
   */
  record Session(UUID sessionId, long seq) implements SeqInfo {
    public Session {
      checkNotNull(sessionId, "sessionId");
      checkArgument(seq >= 0, "seq must be >= 0, got %s", seq);
    }
  }

  /** A message sent without a sequence (delivered in arrival order). */
  record Direct() implements SeqInfo {}
}
