package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Why a message could not be delivered.
 *
 * @param kind the category of failure
 * @param message what went wrong, naming the destination
 */
public record DeliveryError(Kind kind, String message) {
  public DeliveryError {
    checkNotNull(kind, "kind");
    checkNotNull(message, "message");
  }

  /** Categories of delivery failure. */
  public enum Kind {
    /** No mailbox or port is registered for the destination. */
    UNROUTABLE,
    /** The destination's mailbox is closed because its owner terminated. */
    MAILBOX,
    /** A link on the way (a proc, a channel) is gone. */
    BROKEN_LINK,
    /** The message was forwarded more times than its TTL allows. */
    TTL_EXPIRED,
    /** The transport could not deliver the message in time. */
    TIMEOUT,
    /**
     * The message's type is not one the destination accepts: the actor's protocol or the port's
     * type. The message names the expected and the actual type.
     */
    WRONG_TYPE,
    /**
     * The message waited at its destination behind a gap in its sender's sequence that will not
     * fill (an earlier message was returned or lost), and was returned rather than delivered out
     * of order.
     */
    SEQUENCE_GAP,
    /**
     * The destination received the message but cannot act on it (for example, a request that is
     * missing a required field); the message says why.
     */
    REFUSED,
    /**
     * A comm actor could not forward a cast to the next comm actor of the routing tree, or could not
     * deliver it to its destination actor; the message is returned to the caster, one return per
     * destination that did not get it, and names the comm actor that gave up.
     */
    MULTICAST
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
  }
}
