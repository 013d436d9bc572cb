package io.hyperactor.channel;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The state of a sender's link to its receiver: {@link Active} until the link ends for good, then
 * {@link Closed} with the reason.
 *
 * <p>The status only ever moves from {@code Active} to {@code Closed}; {@code Closed} is terminal.
 * A link that is merely reconnecting stays {@code Active}: every message posted on it is still
 * bounded by the delivery timeout.
 */
public sealed interface LinkStatus permits LinkStatus.Active, LinkStatus.Closed {

  /** The link can carry messages. */
  static LinkStatus active() {
    return Active.INSTANCE;
  }

  /** True when the link has closed for good. */
  default boolean isClosed() {
    return this instanceof Closed;
  }

  /** The link can carry messages. */
  record Active() implements LinkStatus {
    private static final Active INSTANCE = new Active();

    @Override
    public String toString() {
      return "Active";
    }
  }

  /** The link has closed for good; {@code reason} says why. */
  record Closed(String reason) implements LinkStatus {
    public Closed {
      checkNotNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "Closed(" + reason + ")";
    }
  }
}
