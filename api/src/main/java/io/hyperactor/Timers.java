package io.hyperactor;

import java.time.Duration;

/**
 * An actor's timers: messages it sends itself later, once or periodically, each under a key.
 *
 * <p>Starting a timer under a key that is already active replaces it. A cancelled or replaced
 * timer never delivers, not even a message that was already queued when it was cancelled: the
 * actor checks each timer message against the timer's current generation before handling it. Every
 * timer is cancelled when the actor stops. Timers run on the actor system's scheduler, so a pending
 * timer holds no thread.
 *
 * <p>Not thread-safe: use it only from the actor's own handlers, as Pekko's {@code
 * TimerScheduler}.
 *
 * <pre>{@code
 * public void init(Instance<Msg> self) {
 *   self.timers().startTimerAtFixedRate("tick", new Tick(), Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * @param <M> the actor's message type
 */
public interface Timers<M> {

  /** Sends {@code message} to the actor once, {@code delay} from now, under {@code key}. */
  void startSingleTimer(Object key, M message, Duration delay);

  /** Sends {@code message} to the actor every {@code interval}, the first after one interval. */
  default void startTimerAtFixedRate(Object key, M message, Duration interval) {
    startTimerAtFixedRate(key, message, interval, interval);
  }

  /**
   * Sends {@code message} to the actor every {@code interval}, the first {@code initialDelay} from
   * now.
   */
  void startTimerAtFixedRate(Object key, M message, Duration initialDelay, Duration interval);

  /** Whether a timer is active under {@code key}. */
  boolean isTimerActive(Object key);

  /** Cancels the timer under {@code key}, if any; its message will not be handled. */
  void cancel(Object key);

  /** Cancels every timer. */
  void cancelAll();
}
