package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.host.ProcStatus;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a mesh controller turns the states its agents report into supervision events: a proc's
 * process status (or its unreachable host) into the status of the actors on it, and an actor
 * resource's state into its events.
 */
final class SupervisionMapping {
  /** How the failure of the actors on an unreachable proc starts. */
  static final String UNREACHABLE = "the proc this actor was running on is unreachable";

  private SupervisionMapping() {}

  /**
   * The supervision events of one actor resource's state, with the rank it was created at.
   *
   * @param createRank the actor's rank at creation (0 when the state has no payload)
   * @param events its events; empty when the state reports nothing to tell
   */
  record RankedEvents(int createRank, List<ActorSupervisionEvent> events) {
    RankedEvents {
      events = List.copyOf(events);
    }
  }

  /**
   * The status of the actors on a proc whose process status is {@code status}: a clean exit, a
   * stop in progress and a missing status are stops; any other status (a non-zero exit, a signal,
   * a lost proc, and also the non-terminal ones) is a failure.
   */
  static ActorStatus procStatusToActorStatus(@Nullable ProcStatus status) {
    return switch (status) {
      case null -> new ActorStatus.Stopped("no status received from process");
      case ProcStatus.Stopped s when s.exitCode() == 0 ->
          new ActorStatus.Stopped("process exited cleanly");
      case ProcStatus.Stopped s ->
          new ActorStatus.Failed(
              ActorErrorKind.generic(
                  "the process this actor was running on exited with non-zero code "
                      + s.exitCode()));
      case ProcStatus.Stopping s -> new ActorStatus.Stopped("process is stopping");
      default ->
          new ActorStatus.Failed(
              ActorErrorKind.generic(
                  "the process this actor was running on failed: " + status));
    };
  }

  /**
   * The status of the actors on a proc whose state a controller's poll got from the proc's host
   * agent: its process status mapped by {@link #procStatusToActorStatus}, except that a process
   * not yet exited under a stopping or stopped state (a host agent that drains or has shut down)
   * is a stop; or, when the poll got no process status because the host agent could not be asked
   * (the request came back undeliverable, or no answer came within {@code
   * get_proc_state_max_idle}), a failure saying that the proc is
   * unreachable, since when and why. Unlike upstream, which takes a missing process status for a
   * stop, an unreachable proc is a failure: a stop is not reported to the mesh's owner, and a
   * partitioned host is not a clean exit.
   */
  static ActorStatus procStateToActorStatus(State<ProcState> state) {
    checkNotNull(state, "state");
    ProcStatus procStatus = state.payload().map(ProcState::procStatus).orElse(null);
    if (procStatus == null && state.status().isFailure()) {
      String why =
          switch (state.status()) {
            case Status.Timeout t -> "its host agent did not answer within " + t.after();
            case Status.Failed f -> f.message();
            default -> state.status().toString();
          };
      return new ActorStatus.Failed(
          ActorErrorKind.generic(
              UNREACHABLE + " (since " + state.timestamp() + "): " + why));
    }
    if (procStatus != null && !procStatus.isExit() && state.status().isTerminating()
        && !state.status().isFailure()) {
      // The host agent is stopping or has shut down (its host mesh is closing) and the process
      // had not exited when it last looked: the proc is being stopped, which is not a failure.
      return new ActorStatus.Stopped(
          "the proc's host is stopping it (the process was last " + procStatus + ")");
    }
    return procStatusToActorStatus(procStatus);
  }

  /**
   * The events of an actor resource's state. A gone resource ({@code NotExist}, {@code Stopped},
   * {@code Timeout}) yields its events, or one synthesized stop event when it has none; a {@code
   * Failed} one yields its events as they are; any other status yields none.
   *
   * @throws IllegalArgumentException when a gone resource has neither events nor an actor id to
   *     synthesize one for
   */
  static RankedEvents actorStateToSupervisionEvents(State<ActorState> state) {
    checkNotNull(state, "state");
    ActorState inner = state.state();
    int rank = inner == null ? 0 : Math.toIntExact(inner.createRank());
    List<ActorSupervisionEvent> events = inner == null ? List.of() : inner.supervisionEvents();
    return switch (state.status()) {
      case Status.NotExist n -> new RankedEvents(rank, goneEvents(state, inner, events));
      case Status.Stopped s -> new RankedEvents(rank, goneEvents(state, inner, events));
      case Status.Timeout t -> new RankedEvents(rank, goneEvents(state, inner, events));
      case Status.Failed f -> new RankedEvents(rank, events);
      default -> new RankedEvents(rank, List.of());
    };
  }

  private static List<ActorSupervisionEvent> goneEvents(
      State<ActorState> state, @Nullable ActorState inner, List<ActorSupervisionEvent> events) {
    if (!events.isEmpty()) {
      return events;
    }
    if (inner == null) {
      throw new IllegalArgumentException(
          "state of resource "
              + state.id()
              + " is "
              + state.status()
              + " with no actor id to attribute a supervision event to");
    }
    return List.of(
        ActorSupervisionEvent.of(
            inner.actorId(),
            inner.actorId().name(),
            new ActorStatus.Stopped(
                "actor status is " + state.status() + "; actor may have been killed")));
  }
}
