package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The exception a {@link Tx#send} future fails with: the undeliverable message and why.
 *
 * <p>Its {@link #getMessage()} is the reason and its cause the underlying {@link ChannelException}.
 */
public final class SendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // Never serialized: the project does not use Java serialization.
  private final SendError<?> error;

  /** The exception for {@code error}. */
  public SendException(SendError<?> error) {
    super(checkNotNull(error, "error").reason(), error.error());
    this.error = error;
  }

  /** The returned message and its error. */
  public SendError<?> error() {
    return error;
  }

  /** The category of the failure. */
  public ChannelException.Kind kind() {
    return error.error().kind();
  }
}
