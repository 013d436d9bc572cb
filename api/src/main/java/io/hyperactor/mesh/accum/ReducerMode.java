package io.hyperactor.mesh.accum;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a split port reduces the updates sent to it before passing them on.
 *
 * <ul>
 *   <li>{@link Streaming} (the default) keeps passing reduced updates on: when {@code
 *       split_max_buffer_size} updates are buffered, or when no update arrived for a while. The
 *       wait starts at the initial interval and doubles with every update, up to the maximum.
 *   <li>{@link Once} waits for exactly {@code count} updates, passes their reduction on once, and
 *       refuses every later update.
 * </ul>
 */
public sealed interface ReducerMode permits ReducerMode.Streaming, ReducerMode.Once {

  /** The default streaming mode: the configured maximum interval, and 1 ms initially. */
  static Streaming streaming() {
    return Streaming.DEFAULT;
  }

  /** Streaming with the given flush intervals. */
  static Streaming streaming(Duration maxUpdateInterval, Duration initialUpdateInterval) {
    return new Streaming(
        checkNotNull(maxUpdateInterval, "maxUpdateInterval"),
        checkNotNull(initialUpdateInterval, "initialUpdateInterval"));
  }

  /** Reduce exactly {@code count} updates into one. */
  static Once once(int count) {
    return new Once(count);
  }

  /**
   * Keep reducing and passing on.
   *
   * @param maxUpdateInterval the longest wait before buffered updates are passed on; null for the
   *     proc's {@code split_max_buffer_age}
   * @param initialUpdateInterval the first wait; null for 1 ms
   */
  record Streaming(@Nullable Duration maxUpdateInterval, @Nullable Duration initialUpdateInterval)
      implements ReducerMode {
    static final Streaming DEFAULT = new Streaming(null, null);

    /** The initial wait when none is set. */
    public static final Duration DEFAULT_INITIAL_UPDATE_INTERVAL = Duration.ofMillis(1);

    public Streaming {
      checkArgument(
          maxUpdateInterval == null || maxUpdateInterval.isPositive(),
          "maxUpdateInterval must be positive, got %s",
          maxUpdateInterval);
      checkArgument(
          initialUpdateInterval == null || initialUpdateInterval.isPositive(),
          "initialUpdateInterval must be positive, got %s",
          initialUpdateInterval);
    }

    /** The maximum wait, if set. */
    public Optional<Duration> maxInterval() {
      return Optional.ofNullable(maxUpdateInterval);
    }

    /** The initial wait: the one set, or {@link #DEFAULT_INITIAL_UPDATE_INTERVAL}. */
    public Duration initialInterval() {
      return initialUpdateInterval == null
          ? DEFAULT_INITIAL_UPDATE_INTERVAL
          : initialUpdateInterval;
    }
  }

  /**
   * Reduce exactly {@code count} updates, pass the result on once, then refuse further updates. A
   * count of 0 refuses every update.
   *
   * @param count the number of updates to wait for, {@code >= 0}
   */
  record Once(int count) implements ReducerMode {
    public Once {
      checkArgument(count >= 0, "once count must be >= 0, got %s", count);
    }
  }
}
