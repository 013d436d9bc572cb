package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.id.ActorId;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** No reply to an ask arrived within its timeout; the future of the ask completes with this. */
public final class AskTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final ActorId target;
  private final Duration timeout;

  /** The ask of {@code target} got no reply within {@code timeout}. */
  public AskTimeoutException(ActorId target, Duration timeout) {
    super("no reply from " + checkNotNull(target, "target") + " within " + timeout);
    this.target = target;
    this.timeout = checkNotNull(timeout, "timeout");
  }

  /** The actor that was asked. */
  public ActorId target() {
    return target;
  }

  /** How long the ask waited. */
  public Duration timeout() {
    return timeout;
  }
}
