package io.hyperactor.internal.mailbox;

import io.hyperactor.DeliveryError;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.PortId;
import org.slf4j.Logger;

/**
 * What happens to an undeliverable envelope that must not be returned: either it is itself a
 * return, which failed in turn and whose loss nobody will hear of (an error), or its sender asked
 * for no return (a reply to a port its caller may have closed; routine, so at debug).
 *
 * <p>A return refused because its destination's mailbox is closed ({@link
 * DeliveryError.Kind#MAILBOX}) went to a sender that has terminated: a query instance dropped after
 * its timeout, an actor stopped with its mesh. Nobody is left to act on it, so it is logged at info,
 * naming the message it carried, rather than as an error.
 */
public final class Unreturned {
  private Unreturned() {}

  /** Logs {@code envelope}, which could not be delivered and is not returned, to {@code log}. */
  public static void drop(Logger log, MessageEnvelope envelope, DeliveryError error) {
    if (envelope.dest().index() == PortId.UNDELIVERABLE_INDEX) {
      // A return names the message it carried back: that message is what was lost.
      String carried =
          envelope.payload() instanceof Undeliverable returned
              ? "; it returned " + returned.envelope() + ", which failed with: " + returned.error()
              : "";
      if (error.kind() == DeliveryError.Kind.MAILBOX) {
        log.info(
            "undeliverable message {} not returned: its sender has terminated ({}){}",
            envelope,
            error,
            carried);
      } else {
        log.error("undeliverable message {} abandoned: {}{}", envelope, error, carried);
      }
    } else {
      log.debug("undeliverable message {} dropped, as its sender asked: {}", envelope, error);
    }
  }
}
