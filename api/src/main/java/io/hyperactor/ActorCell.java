package io.hyperactor;

import io.hyperactor.id.ActorId;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import io.hyperactor.supervision.HandlerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The read-only, thread-safe view of one instance in a proc's supervision tree.
 *
 * <p>A parent holds its children's cells; a child only knows its parent weakly.
 */
public interface ActorCell {

  /** The instance's id. */
  ActorId actorId();

  /** The current status. */
  ActorStatus status();

  /**
   * Waits until the status satisfies {@code condition} and returns that status.
   *
   * @throws TimeoutException naming the actor and its last status when {@code timeout} passes
   */
  ActorStatus awaitStatus(Predicate<ActorStatus> condition, Duration timeout)
      throws InterruptedException, TimeoutException;

  /** The parent's cell, while the parent is alive and this cell is linked to it. */
  Optional<ActorCell> parent();

  /** The number of linked children. */
  int childCount();

  /** The ids of the linked children, ordered by pid: an immutable list. */
  List<ActorId> childActorIds();

  /** The event stored when the instance terminated (clean stops included). */
  Optional<ActorSupervisionEvent> supervisionEvent();

  /** The actor's type name ({@code "()"} for clients). */
  String actorTypeName();

  /** When the instance was created. */
  Instant createdAt();

  /** How many loop iterations (messages, signals, supervision events) were processed. */
  long numProcessedMessages();

  /** The total time spent in handlers, in microseconds. */
  long totalProcessingTimeMicros();

  /** The last handler that ran, if any. */
  Optional<HandlerInfo> lastMessageHandler();

  /** When the last handler returned, if one ran (read from a monotonic clock, to the nanosecond). */
  Optional<Instant> lastHandlerAt();

  /** The published introspection attributes, if any were published: an immutable map. */
  Optional<Map<String, String>> publishedAttrs();

  /** Whether the actor was marked as a system actor. */
  boolean isSystem();

  /** The actor's flight recorder. */
  FlightRecorder recorder();

  /** The actor's message metrics. */
  ActorMetrics metrics();
}
