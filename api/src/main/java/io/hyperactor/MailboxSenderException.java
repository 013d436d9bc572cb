package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.PortId;
import io.hyperactor.supervision.ActorStatus;
import org.jspecify.annotations.Nullable;

/** Thrown when a local send cannot enqueue a message. */
public final class MailboxSenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the send failed. */
  public enum Kind {
    /** The destination's owner terminated and its mailbox is closed. */
    OWNER_TERMINATED,
    /** The port was closed by its receiver (or, for a once port, already used). */
    PORT_CLOSED,
    /** The destination cannot act on the message (the exception's message says why). */
    REJECTED,
    /** The message's type is not one the destination actor or port accepts. */
    WRONG_TYPE
  }

  private final PortId port;
  private final Kind kind;
  private final @Nullable ActorStatus ownerStatus;

  /** A failure of {@code kind} sending to {@code port}. */
  public MailboxSenderException(
      PortId port, Kind kind, @Nullable ActorStatus ownerStatus, String message) {
    super(message);
    this.port = checkNotNull(port, "port");
    this.kind = checkNotNull(kind, "kind");
    this.ownerStatus = ownerStatus;
  }

  /** The port the send was for. */
  public PortId port() {
    return port;
  }

  /** Why it failed. */
  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#OWNER_TERMINATED}: the owner's terminal status. */
  public @Nullable ActorStatus ownerStatus() {
    return ownerStatus;
  }
}
