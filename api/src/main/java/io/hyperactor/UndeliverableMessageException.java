package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

/** Thrown by the default {@link Actor#handleUndeliverable} to fail an actor whose message bounced. */
public final class UndeliverableMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Undeliverable undeliverable;

  /** An exception describing {@code undeliverable}. */
  public UndeliverableMessageException(Undeliverable undeliverable) {
    super(
        "message to "
            + checkNotNull(undeliverable, "undeliverable").envelope().dest()
            + " was undeliverable: "
            + undeliverable.error());
    this.undeliverable = undeliverable;
  }

  /** The message that bounced and why. */
  public Undeliverable undeliverable() {
    return undeliverable;
  }
}
