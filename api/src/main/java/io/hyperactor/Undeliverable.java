package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A message returned to its sender because it could not be delivered.
 *
 * @param envelope the message as it was sent
 * @param error why it could not be delivered
 */
public record Undeliverable(MessageEnvelope envelope, DeliveryError error) {
  public Undeliverable {
    checkNotNull(envelope, "envelope");
    checkNotNull(error, "error");
  }
}
