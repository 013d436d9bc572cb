package io.hyperactor.supervision;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle state of an actor or client instance.
 *
 * <p>A managed actor moves {@code Created → Initializing → (Idle ⇄ Processing)* → Stopping →
 * Stopped | Failed}; a client instance moves {@code Created → Client → Stopped}. {@link Stopped}
 * and {@link Failed} are terminal. Any non-terminal status may change to any status; a terminal
 * status may only be "changed" to itself. {@link #checkTransition} enforces this, and the runtime
 * treats a violation as a bug.
 *
 * <p>{@code Unknown} is what a watcher sees when the status can no longer be observed; {@code
 * Saving} and {@code Loading} are reserved for checkpointing and never set by the runtime.
 */
public sealed interface ActorStatus
    permits ActorStatus.Unknown,
        ActorStatus.Created,
        ActorStatus.Initializing,
        ActorStatus.Client,
        ActorStatus.Idle,
        ActorStatus.Processing,
        ActorStatus.Saving,
        ActorStatus.Loading,
        ActorStatus.Stopping,
        ActorStatus.Stopped,
        ActorStatus.Failed {

  /** The shared {@link Unknown} value. */
  ActorStatus UNKNOWN = new Unknown();

  /** The shared {@link Created} value. */
  ActorStatus CREATED = new Created();

  /** The shared {@link Initializing} value. */
  ActorStatus INITIALIZING = new Initializing();

  /** The shared {@link Client} value. */
  ActorStatus CLIENT = new Client();

  /** The shared {@link Idle} value. */
  ActorStatus IDLE = new Idle();

  /** The shared {@link Stopping} value. */
  ActorStatus STOPPING = new Stopping();

  /** The lower-case name of this status's variant ({@code "idle"}, {@code "failed"}, ...). */
  String arm();

  /** True for {@link Stopped} and {@link Failed}. */
  default boolean isTerminal() {
    return this instanceof Stopped || this instanceof Failed;
  }

  /** True for {@link Failed}. */
  default boolean isFailed() {
    return this instanceof Failed;
  }

  /** True when a status may change from {@code from} to {@code to}. */
  static boolean isLegalTransition(ActorStatus from, ActorStatus to) {
    return !from.isTerminal() || from.equals(to);
  }

  /**
   * Fails when changing from {@code from} to {@code to} is illegal (leaving a terminal status).
   *
   * @throws IllegalStateException naming both statuses
   */
  static void checkTransition(ActorStatus from, ActorStatus to) {
    if (!isLegalTransition(from, to)) {
      throw new IllegalStateException(
          "actor changing status illegally from '" + from + "' to '" + to + "'");
    }
  }

  /** The status is not known, for example because the actor can no longer be observed. */
  record Unknown() implements ActorStatus {
    @Override
    public String arm() {
      return "unknown";
    }

    @Override
    public String toString() {
      return "unknown";
    }
  }

  /** The actor exists but its loop has not started. */
  record Created() implements ActorStatus {
    @Override
    public String arm() {
      return "created";
    }

    @Override
    public String toString() {
      return "created";
    }
  }

  /** The actor's {@code init} is running. */
  record Initializing() implements ActorStatus {
    @Override
    public String arm() {
      return "initializing";
    }

    @Override
    public String toString() {
      return "initializing";
    }
  }

  /** A client instance: it has a mailbox but no message loop. */
  record Client() implements ActorStatus {
    @Override
    public String arm() {
      return "client";
    }

    @Override
    public String toString() {
      return "client";
    }
  }

  /** The actor waits for work. */
  record Idle() implements ActorStatus {
    @Override
    public String arm() {
      return "idle";
    }

    @Override
    public String toString() {
      return "idle";
    }
  }

  /**
   * The actor is running a handler.
   *
   * @param since when the handler started
   * @param handler which handler runs, when known
   */
  record Processing(Instant since, @Nullable HandlerInfo handler) implements ActorStatus {
    public Processing {
      checkNotNull(since, "since");
    }

    @Override
    public String arm() {
      return "processing";
    }

    @Override
    public String toString() {
      long ms = Math.max(0, Duration.between(since, Instant.now()).toMillis());
      return (handler == null ? "" : handler + ": ") + "processing for " + ms + "ms";
    }
  }

  /**
   * The actor is saving a checkpoint (reserved).
   *
   * @param since when saving started
   */
  record Saving(Instant since) implements ActorStatus {
    public Saving {
      checkNotNull(since, "since");
    }

    @Override
    public String arm() {
      return "saving";
    }

    @Override
    public String toString() {
      return "saving for " + Math.max(0, Duration.between(since, Instant.now()).toMillis()) + "ms";
    }
  }

  /**
   * The actor is loading a checkpoint (reserved).
   *
   * @param since when loading started
   */
  record Loading(Instant since) implements ActorStatus {
    public Loading {
      checkNotNull(since, "since");
    }

    @Override
    public String arm() {
      return "loading";
    }

    @Override
    public String toString() {
      return "loading for " + Math.max(0, Duration.between(since, Instant.now()).toMillis()) + "ms";
    }
  }

  /** The actor's loop has ended; its children are being stopped and its cleanup runs. */
  record Stopping() implements ActorStatus {
    @Override
    public String arm() {
      return "stopping";
    }

    @Override
    public String toString() {
      return "stopping";
    }
  }

  /**
   * The actor stopped cleanly (terminal).
   *
   * @param reason why it stopped
   */
  record Stopped(String reason) implements ActorStatus {
    public Stopped {
      checkNotNull(reason, "reason");
    }

    @Override
    public String arm() {
      return "stopped";
    }

    @Override
    public String toString() {
      return "stopped: " + reason;
    }
  }

  /**
   * The actor failed (terminal).
   *
   * @param error why it failed
   */
  record Failed(ActorErrorKind error) implements ActorStatus {
    public Failed {
      checkNotNull(error, "error");
    }

    @Override
    public String arm() {
      return "failed";
    }

    @Override
    public String toString() {
      return "failed: " + error;
    }
  }
}
