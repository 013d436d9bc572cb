package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * The lifecycle status of a resource, totally ordered.
 *
 * <p>The order is by variant first, then by payload within a variant: {@code NotExist <
 * Initializing < Running < Stopping < Stopped < Failed(msg) < Timeout(d) < Unknown}. Waiters rely
 * on it: a wait for at least {@code Stopped} is satisfied by {@code Failed}, {@code Timeout} and
 * {@code Unknown} too.
 */
public sealed interface Status extends Comparable<Status>
    permits Status.NotExist,
        Status.Initializing,
        Status.Running,
        Status.Stopping,
        Status.Stopped,
        Status.Failed,
        Status.Timeout,
        Status.Unknown {

  /** The shared {@link NotExist} value. */
  Status NOT_EXIST = new NotExist();

  /** The shared {@link Initializing} value. */
  Status INITIALIZING = new Initializing();

  /** The shared {@link Running} value. */
  Status RUNNING = new Running();

  /** The shared {@link Stopping} value. */
  Status STOPPING = new Stopping();

  /** The shared {@link Stopped} value. */
  Status STOPPED = new Stopped();

  /** The shared {@link Unknown} value. */
  Status UNKNOWN = new Unknown();

  /** The resource is not known to the agent asked. */
  record NotExist() implements Status {
    @Override
    public String toString() {
      return "NotExist";
    }
  }

  /** The resource is being created. */
  record Initializing() implements Status {
    @Override
    public String toString() {
      return "Initializing";
    }
  }

  /** The resource is up. */
  record Running() implements Status {
    @Override
    public String toString() {
      return "Running";
    }
  }

  /** A stop was requested and has not completed. */
  record Stopping() implements Status {
    @Override
    public String toString() {
      return "Stopping";
    }
  }

  /** The resource stopped cleanly. */
  record Stopped() implements Status {
    @Override
    public String toString() {
      return "Stopped";
    }
  }

  /**
   * The resource failed.
   *
   * @param message what went wrong
   */
  record Failed(String message) implements Status {
    public Failed {
      checkNotNull(message, "message");
    }

    @Override
    public String toString() {
      return "Failed(" + message + ")";
    }
  }

  /**
   * The resource did not reach a status in time.
   *
   * @param after how long was waited
   */
  record Timeout(Duration after) implements Status {
    public Timeout {
      checkNotNull(after, "after");
    }

    @Override
    public String toString() {
      return "Timeout(" + StatusFormat.duration(after) + ")";
    }
  }

  /** The status cannot be determined. */
  record Unknown() implements Status {
    @Override
    public String toString() {
      return "Unknown";
    }
  }

  /** The variant's position in the order, from 0 ({@code NotExist}) to 7 ({@code Unknown}). */
  default int ordinal() {
    return switch (this) {
      case NotExist n -> 0;
      case Initializing i -> 1;
      case Running r -> 2;
      case Stopping s -> 3;
      case Stopped s -> 4;
      case Failed f -> 5;
      case Timeout t -> 6;
      case Unknown u -> 7;
    };
  }

  @Override
  default int compareTo(Status other) {
    int byVariant = Integer.compare(ordinal(), other.ordinal());
    if (byVariant != 0) {
      return byVariant;
    }
    if (this instanceof Failed a && other instanceof Failed b) {
      return a.message().compareTo(b.message());
    }
    if (this instanceof Timeout a && other instanceof Timeout b) {
      return a.after().compareTo(b.after());
    }
    return 0;
  }

  /** True when this status is at least {@code floor} in the order. */
  default boolean isAtLeast(Status floor) {
    return compareTo(floor) >= 0;
  }

  /** True for {@code Stopping}, {@code Stopped}, {@code Failed} and {@code Timeout}. */
  default boolean isTerminating() {
    return this instanceof Stopping || isTerminated();
  }

  /** True for {@code Stopped}, {@code Failed} and {@code Timeout}. */
  default boolean isTerminated() {
    return this instanceof Stopped || isFailure();
  }

  /** True for {@code Failed} and {@code Timeout}. */
  default boolean isFailure() {
    return this instanceof Failed || this instanceof Timeout;
  }

  /** True for {@code Initializing} and {@code Running}. */
  default boolean isHealthy() {
    return this instanceof Initializing || this instanceof Running;
  }

  /** {@code floor} when it is terminating and this status is not; otherwise this status. */
  default Status clampMin(Status floor) {
    return floor.isTerminating() && !isTerminating() ? floor : this;
  }
}
