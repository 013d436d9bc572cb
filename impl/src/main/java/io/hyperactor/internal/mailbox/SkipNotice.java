package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.PortId;

/**
 * Takes the place of a message that a link refused on its own (too large, or not encodable or
 * decodable), so that the destination's reorder buffer fills the refused message's sequence number
 * instead of holding the sender's later messages behind it.
 *
 * <p>A link that gives a numbered message back to its sender ({@link MailboxClient}, the host's
 * attach links) first sends one to the message's destination, with the message's sender and
 * sequence information, and then returns the message itself. The destination never delivers it
 * to a handler. It is a built-in type of every {@link CodecRegistry}.
 *
 * @param reason why the message it stands for was given back, for the destination's log
 */
public record SkipNotice(String reason) {
  public SkipNotice {
    checkNotNull(reason, "reason");
  }

  /**
   * Sends a notice in place of {@code returned} through {@code route} when {@code returned} is a
   * numbered message to an actor's handler port (the one port that reorders); otherwise does
   * nothing. A notice is never sent for a notice: one that comes back makes its sender start a new
   * epoch instead.
   */
  public static void sendInPlaceOf(MessageEnvelope returned, String reason, MailboxSender route) {
    if (!(returned.seqInfo() instanceof SeqInfo.Session)
        || returned.dest().index() != PortId.HANDLER_INDEX
        || returned.payload() instanceof SkipNotice) {
      return;
    }
    route.post(
        new MessageEnvelope(
            returned.sender(),
            returned.dest(),
            ImmutableMap.of(),
            new SkipNotice(reason),
            returned.seqInfo(),
            returned.ttl(),
            true));
  }
}
