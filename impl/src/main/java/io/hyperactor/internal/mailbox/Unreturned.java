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
 */
public final class Unreturned {
  private Unreturned() {}

  /** Logs {@code envelope}, which could not be delivered and is not returned, to {@code log}. */
  public static void drop(Logger log, MessageEnvelope envelope, DeliveryError error) {
    if (envelope.dest().index() == PortId.UNDELIVERABLE_INDEX) {
      // The return names the message it carried back: that message is what was lost.
      if (envelope.payload() instanceof Undeliverable returned) {
        log.error(
            "undeliverable message {} abandoned: {}; it returned {}, which failed with: {}",
            envelope,
            error,
            returned.envelope(),
            returned.error());
      } else {
        log.error("undeliverable message {} abandoned: {}", envelope, error);
      }
    } else {
      log.debug("undeliverable message {} dropped, as its sender asked: {}", envelope, error);
    }
  }
}
