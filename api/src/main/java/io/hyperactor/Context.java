package io.hyperactor;

import java.util.Map;

/**
 * The instance of a running actor as seen by one handler invocation, plus that message's headers.
 *
 * <p>Valid only during the invocation it was passed to.
 *
 * @param <M> the actor's protocol
 */
public interface Context<M> extends Instance<M> {

  /** The headers of the message being handled: an immutable map. */
  Map<String, String> headers();

  /** This actor's flight recorder; events recorded here are kept for introspection. */
  FlightRecorder recorder();
}
