package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ProcState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SupervisionMappingTest {
  private static final ActorId ACTOR = ProcId.parse("local:0,procs-1").actorId("trainer");
  private static final ResourceId ID = ResourceId.instance("trainer");

  @Test
  void procStatusToActorStatusStoppedCleanly() {
    ActorStatus status =
        SupervisionMapping.procStatusToActorStatus(new ProcStatus.Stopped(0, List.of()));
    assertThat(status).isInstanceOf(ActorStatus.Stopped.class);
    assertThat(((ActorStatus.Stopped) status).reason()).contains("cleanly");
  }

  @Test
  void procStatusToActorStatusNonzeroExit() {
    ActorStatus status =
        SupervisionMapping.procStatusToActorStatus(new ProcStatus.Stopped(1, List.of()));
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString()).contains("non-zero code 1");
  }

  @Test
  void procStatusToActorStatusStoppingIsNotAFailure() {
    ActorStatus status =
        SupervisionMapping.procStatusToActorStatus(new ProcStatus.Stopping(Instant.now()));
    assertThat(status).isInstanceOf(ActorStatus.Stopped.class);
    assertThat(((ActorStatus.Stopped) status).reason()).contains("stopping");
  }

  @Test
  void procStatusToActorStatusNone() {
    assertThat(SupervisionMapping.procStatusToActorStatus(null))
        .isInstanceOf(ActorStatus.Stopped.class);
  }

  @Test
  void procStatusToActorStatusKilled() {
    ActorStatus status = SupervisionMapping.procStatusToActorStatus(new ProcStatus.Killed(9, false));
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString()).contains("Killed(sig=9)");
  }

  @Test
  void procStatusToActorStatusFailed() {
    ActorStatus status = SupervisionMapping.procStatusToActorStatus(new ProcStatus.Failed("oom"));
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString()).contains("oom");
  }

  @Test
  void procStatusToActorStatusNonTerminalStatusesAreFailures() {
    assertThat(SupervisionMapping.procStatusToActorStatus(new ProcStatus.Starting()))
        .isInstanceOf(ActorStatus.Failed.class);
    assertThat(SupervisionMapping.procStatusToActorStatus(new ProcStatus.Running(Instant.now())))
        .isInstanceOf(ActorStatus.Failed.class);
  }

  private static State<ProcState> procState(Status status, @Nullable ProcStatus procStatus, Instant at) {
    ProcState payload =
        procStatus == null
            ? null
            : new ProcState(ACTOR.procId(), 0, ActorRef.attest(ACTOR), procStatus);
    return new State<>(ID, status, payload, 0, at);
  }

  @Test
  void procStateOfAnUnansweredHostAgentIsAnUnreachableFailureWithItsTime() {
    Instant at = Instant.parse("2026-12-06T04:00:00Z");
    ActorStatus status =
        SupervisionMapping.procStateToActorStatus(
            procState(new Status.Timeout(Duration.ofSeconds(3)), null, at));
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString())
        .contains(
            "the proc this actor was running on is unreachable (since 2026-12-06T04:00:00Z): its"
                + " host agent did not answer within PT3S");
  }

  @Test
  void procStateOfAReturnedQueryIsAnUnreachableFailureWithTheReturnReason() {
    Instant at = Instant.parse("2026-12-06T04:00:01Z");
    ActorStatus status =
        SupervisionMapping.procStateToActorStatus(
            procState(
                new Status.Failed("the host agent is unreachable: timeout: failed to deliver"),
                null,
                at));
    assertThat(status).isInstanceOf(ActorStatus.Failed.class);
    assertThat(status.toString())
        .contains(
            "is unreachable (since 2026-12-06T04:00:01Z): the host agent is unreachable: timeout:"
                + " failed to deliver");
  }

  @Test
  void procStateWithAProcessStatusMapsTheProcessStatus() {
    Instant at = Instant.now();
    // A proc whose host answered with its exit is not unreachable, whatever the state's status.
    ActorStatus killed =
        SupervisionMapping.procStateToActorStatus(
            procState(new Status.Failed("killed"), new ProcStatus.Killed(9, false), at));
    assertThat(killed.toString()).contains("Killed(sig=9)");
    assertThat(killed.toString()).doesNotContain("unreachable");
    ActorStatus clean =
        SupervisionMapping.procStateToActorStatus(
            procState(Status.STOPPED, new ProcStatus.Stopped(0, List.of()), at));
    assertThat(clean).isInstanceOf(ActorStatus.Stopped.class);
  }

  @Test
  void procStateOfALiveProcessUnderAStoppingOrStoppedHostIsAStop() {
    // A host agent that drains or has shut down reports the last process status it saw.
    ProcStatus ready =
        new ProcStatus.Ready(Instant.now(), new ChannelAddr.Local(7), ActorRef.attest(ACTOR));
    for (Status status : List.of(Status.STOPPING, Status.STOPPED)) {
      ActorStatus mapped =
          SupervisionMapping.procStateToActorStatus(procState(status, ready, Instant.now()));
      assertThat(mapped).isInstanceOf(ActorStatus.Stopped.class);
      assertThat(mapped.toString()).contains("the proc's host is stopping it");
    }
    // A failed state with a live process is still a failure, and so is a process that failed.
    assertThat(
            SupervisionMapping.procStateToActorStatus(
                procState(new Status.Failed("lost"), ready, Instant.now())))
        .isInstanceOf(ActorStatus.Failed.class);
    assertThat(
            SupervisionMapping.procStateToActorStatus(
                procState(Status.STOPPED, new ProcStatus.Killed(9, false), Instant.now())))
        .isInstanceOf(ActorStatus.Failed.class);
  }

  @Test
  void procStateStoppedWithoutAProcessStatusIsStillAStop() {
    // Upstream's reading of a missing status, kept where the host did answer: a stop.
    ActorStatus status =
        SupervisionMapping.procStateToActorStatus(procState(Status.STOPPED, null, Instant.now()));
    assertThat(status).isInstanceOf(ActorStatus.Stopped.class);
  }

  @Test
  void actorStateToSupervisionEventsGoneWithoutEventsSynthesizesAStop() {
    for (Status gone :
        List.of(Status.NOT_EXIST, Status.STOPPED, new Status.Timeout(Duration.ofSeconds(1)))) {
      var ranked =
          SupervisionMapping.actorStateToSupervisionEvents(state(gone, new ActorState(ACTOR, 3, List.of())));
      assertThat(ranked.createRank()).isEqualTo(3);
      assertThat(ranked.events()).hasSize(1);
      ActorSupervisionEvent event = ranked.events().get(0);
      assertThat(event.actorId()).isEqualTo(ACTOR);
      assertThat(event.actorStatus()).isInstanceOf(ActorStatus.Stopped.class);
      assertThat(event.actorStatus().toString())
          .contains("actor status is " + gone + "; actor may have been killed");
    }
  }

  @Test
  void actorStateToSupervisionEventsGoneKeepsItsEvents() {
    ActorSupervisionEvent failed = failedEvent();
    var ranked =
        SupervisionMapping.actorStateToSupervisionEvents(
            state(Status.STOPPED, new ActorState(ACTOR, 2, List.of(failed))));
    assertThat(ranked.createRank()).isEqualTo(2);
    assertThat(ranked.events()).containsExactly(failed);
  }

  @Test
  void actorStateToSupervisionEventsFailedReturnsEventsAsTheyAre() {
    var none =
        SupervisionMapping.actorStateToSupervisionEvents(
            state(new Status.Failed("boom"), new ActorState(ACTOR, 1, List.of())));
    assertThat(none.events()).isEmpty();
    ActorSupervisionEvent failed = failedEvent();
    var one =
        SupervisionMapping.actorStateToSupervisionEvents(
            state(new Status.Failed("boom"), new ActorState(ACTOR, 1, List.of(failed))));
    assertThat(one.events()).containsExactly(failed);
  }

  @Test
  void actorStateToSupervisionEventsLiveStatusesYieldNothing() {
    for (Status live : List.of(Status.INITIALIZING, Status.RUNNING, Status.STOPPING, Status.UNKNOWN)) {
      var ranked =
          SupervisionMapping.actorStateToSupervisionEvents(
              state(live, new ActorState(ACTOR, 1, List.of(failedEvent()))));
      assertThat(ranked.events()).isEmpty();
    }
  }

  @Test
  void actorStateToSupervisionEventsWithoutPayload() {
    var ranked =
        SupervisionMapping.actorStateToSupervisionEvents(
            new State<ActorState>(ID, new Status.Failed("x"), null, 1, Instant.now()));
    assertThat(ranked.createRank()).isEqualTo(0);
    assertThat(ranked.events()).isEmpty();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SupervisionMapping.actorStateToSupervisionEvents(
                    new State<ActorState>(ID, Status.STOPPED, null, 1, Instant.now())));
    assertThat(e).hasMessageThat().contains("no actor id");
  }

  private static State<ActorState> state(Status status, ActorState inner) {
    return new State<>(ID, status, inner, 1, Instant.now());
  }

  private static ActorSupervisionEvent failedEvent() {
    return ActorSupervisionEvent.of(
        ACTOR, "trainer", new ActorStatus.Failed(ActorErrorKind.generic("boom")));
  }
}
