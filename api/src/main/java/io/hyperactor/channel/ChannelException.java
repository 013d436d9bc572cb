package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception of the channel layer: a {@link Kind} that callers can branch on and a
 * message that names what failed and why.
 */
public final class ChannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, stable across releases so callers can branch on it. */
  public enum Kind {
    /** The channel (or its peer) has closed; nothing more can be sent or received on it. */
    CLOSED,
    /** A message was not acknowledged within {@code message_delivery_timeout}. */
    DELIVERY_TIMEOUT,
    /** The receiver refused the link, for example after a sequence gap or a restart. */
    REJECTED,
    /** A message, once encoded, exceeds {@code codec_max_frame_length}. */
    OVERSIZED_FRAME,
    /** A message could not be encoded, or the receiver could not decode it. */
    CODEC,
    /** An address is malformed, unsupported or already bound. */
    INVALID_ADDRESS,
    /** No installed transport serves the address's transport. */
    UNSUPPORTED,
    /** A socket or server failed. */
    IO
  }

  private final Kind kind;

  /** A failure of {@code kind}; {@code message} names what failed and why. */
  public ChannelException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** A failure of {@code kind} caused by {@code cause}. */
  public ChannelException(Kind kind, String message, @Nullable Throwable cause) {
    super(checkNotNull(message, "message"), cause);
    this.kind = checkNotNull(kind, "kind");
  }

  /** The category of the failure. */
  public Kind kind() {
    return kind;
  }
}
