package io.hyperactor.supervision;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorStatusTest {
  private static final List<ActorStatus> ALL =
      List.of(
          ActorStatus.UNKNOWN,
          ActorStatus.CREATED,
          ActorStatus.INITIALIZING,
          ActorStatus.CLIENT,
          ActorStatus.IDLE,
          new ActorStatus.Processing(Instant.now(), new HandlerInfo("Msg", "Ping")),
          new ActorStatus.Saving(Instant.now()),
          new ActorStatus.Loading(Instant.now()),
          ActorStatus.STOPPING,
          new ActorStatus.Stopped("done"),
          new ActorStatus.Failed(ActorErrorKind.generic("boom")));

  @Test
  void onlyStoppedAndFailedAreTerminal() {
    for (ActorStatus s : ALL) {
      assertThat(s.isTerminal())
          .isEqualTo(s instanceof ActorStatus.Stopped || s instanceof ActorStatus.Failed);
    }
  }

  @Test
  void everyTransitionFollowsTheRules() {
    for (ActorStatus from : ALL) {
      for (ActorStatus to : ALL) {
        boolean legal = !from.isTerminal() || from.equals(to);
        assertThat(ActorStatus.isLegalTransition(from, to)).isEqualTo(legal);
        if (legal) {
          ActorStatus.checkTransition(from, to);
        } else {
          IllegalStateException e =
              assertThrows(
                  IllegalStateException.class, () -> ActorStatus.checkTransition(from, to));
          assertThat(e).hasMessageThat().contains("actor changing status illegally");
          assertThat(e).hasMessageThat().contains(from.toString());
        }
      }
    }
  }

  @Test
  void displayForms() {
    assertThat(ActorStatus.IDLE.toString()).isEqualTo("idle");
    assertThat(ActorStatus.CREATED.toString()).isEqualTo("created");
    assertThat(ActorStatus.STOPPING.toString()).isEqualTo("stopping");
    assertThat(new ActorStatus.Stopped("x").toString()).isEqualTo("stopped: x");
    assertThat(new ActorStatus.Failed(ActorErrorKind.generic("e")).toString())
        .isEqualTo("failed: e");
    assertThat(new ActorStatus.Processing(Instant.now(), new HandlerInfo("Msg", "Ping")).toString())
        .matches("Msg::Ping: processing for \\d+ms");
  }

  @Test
  void supervisionEventRequiresTerminalStatus() {
    ActorId id = new ActorId(new ProcId(ChannelAddr.parse("local:1"), "p"), "a", 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActorSupervisionEvent.of(id, "a", ActorStatus.IDLE));
    assertThat(e).hasMessageThat().contains("needs a terminal status, got 'idle'");
    ActorSupervisionEvent leaf =
        ActorSupervisionEvent.of(id, "a", new ActorStatus.Failed(ActorErrorKind.generic("x")));
    ActorSupervisionEvent outer =
        new ActorSupervisionEvent(
            id.childId(1), "b", leaf.actorStatus(), Instant.now(), leaf);
    assertThat(outer.actuallyFailingActor()).isEqualTo(leaf);
    assertThat(outer.isError()).isTrue();
  }
}
