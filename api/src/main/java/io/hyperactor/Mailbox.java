package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorStatus;
import java.util.Optional;

/**
 * The set of ports owned by one actor, addressed by port index.
 *
 * <p>Once closed (when its owner terminates) every send to it fails with the owner's status.
 * Thread-safe.
 */
public interface Mailbox extends MailboxSender {

  /** The owning actor. */
  ActorId actorId();

  /** The owner's terminal status if the mailbox is closed. */
  Optional<ActorStatus> closedStatus();
}
