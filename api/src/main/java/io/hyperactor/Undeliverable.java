package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A message returned to its sender because it could not be delivered.
 *
 * <p>The return travels in an envelope of its own, with a fixed TTL of {@link #RETURN_TTL} hops
 * and no return of its own: a return that cannot be delivered is logged, never bounced again.
 *
 * @param envelope the message as it was sent
 * @param error why it could not be delivered
 */
public record Undeliverable(MessageEnvelope envelope, DeliveryError error) {
  /**
   * How many hops the envelope carrying a return may take. Fixed, so the return path needs no
   * configuration: a return goes back to the sender's proc, one or two hops away.
   */
  public static final int RETURN_TTL = 64;

  public Undeliverable {
    checkNotNull(envelope, "envelope");
    checkNotNull(error, "error");
  }
}
