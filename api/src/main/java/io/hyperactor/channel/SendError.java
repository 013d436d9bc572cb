package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A message returned to its sender as undeliverable, with the error that says why.
 *
 * <p>A {@code SendError} means the channel gave up on the message; it does not prove the receiver
 * never saw it (the receiver may have taken the message while its acknowledgement was lost).
 *
 * @param message the message exactly as the sender posted it
 * @param error why it could not be delivered; {@link ChannelException#getMessage()} is the reason
 */
public record SendError<M>(M message, ChannelException error) {
  public SendError {
    checkNotNull(message, "message");
    checkNotNull(error, "error");
  }

  /** The human-readable reason the message was returned. */
  public String reason() {
    return error.getMessage();
  }
}
