package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ActorState;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.resource.StatusOverlay;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Status derivation, generation, terminal/error, waiter and subscriber rules of one record. */
class ActorInstanceStateTest {
  private static final ProcId PROC = new ProcId(new ChannelAddr.Local(7), "p");
  private static final ActorId ACTOR = new ActorId(PROC, "test-actor", 0);
  private static final ResourceId ID = ResourceId.singleton("test-actor");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ActorSupervisionEvent stopped() {
    return ActorSupervisionEvent.of(ACTOR, "test", new ActorStatus.Stopped("done"));
  }

  private static ActorSupervisionEvent failed() {
    return ActorSupervisionEvent.of(
        ACTOR, "test", new ActorStatus.Failed(ActorErrorKind.generic("boom")));
  }

  @Test
  void freshSpawnIsRunningAtGenerationOne() {
    ActorInstanceState rec = ActorInstanceState.spawned(3, ACTOR);
    assertThat(rec.status()).isEqualTo(Status.RUNNING);
    assertThat(rec.generation()).isEqualTo(1);
    assertThat(rec.isTerminal()).isFalse();
    assertThat(rec.hasErrors()).isFalse();
    State<ActorState> state = rec.toState(ID, NOW);
    assertThat(state.state()).isEqualTo(new ActorState(ACTOR, 3, ImmutableList.of()));
    assertThat(state.generation()).isEqualTo(1);
    assertThat(state.timestamp()).isEqualTo(NOW);
  }

  @Test
  void failedSpawnIsFailedTerminalButNotAnError() {
    ActorInstanceState rec = ActorInstanceState.spawnFailed(0, "no such type");
    assertThat(rec.status()).isEqualTo(new Status.Failed("no such type"));
    assertThat(rec.isTerminal()).isTrue();
    assertThat(rec.hasErrors()).isFalse();
    assertThat(rec.generation()).isEqualTo(1);
    assertThat(rec.toState(ID, NOW).state()).isNull();
  }

  @Test
  void failedSpawnOutranksEverythingElse() {
    ActorInstanceState rec = ActorInstanceState.spawnFailed(0, "spawn error");
    rec.recordEvent(failed());
    assertThat(rec.status()).isEqualTo(new Status.Failed("spawn error"));
  }

  @Test
  void errorEventIsFailedWithTheEventTextAndOutranksStop() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    assertThat(rec.beginStop()).isTrue();
    ActorSupervisionEvent event = failed();
    rec.recordEvent(event);
    assertThat(rec.status()).isEqualTo(new Status.Failed(event.toString()));
    assertThat(rec.hasErrors()).isTrue();
    assertThat(rec.isTerminal()).isTrue();
    assertThat(rec.toState(ID, NOW).state().supervisionEvents()).containsExactly(event);
  }

  @Test
  void cleanEventIsStoppedAndOutranksStopping() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    rec.beginStop();
    assertThat(rec.status()).isEqualTo(Status.STOPPING);
    rec.recordEvent(stopped());
    assertThat(rec.status()).isEqualTo(Status.STOPPED);
    assertThat(rec.hasErrors()).isFalse();
    assertThat(rec.isTerminal()).isTrue();
  }

  @Test
  void lastEventWins() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    rec.recordEvent(failed());
    rec.recordEvent(stopped());
    assertThat(rec.status()).isEqualTo(Status.STOPPED);
    assertThat(rec.hasErrors()).isFalse();
  }

  @Test
  void generationBumpsOnFirstStopAndEveryEventOnly() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    rec.keepalive(NOW);
    assertThat(rec.generation()).isEqualTo(1);
    assertThat(rec.beginStop()).isTrue();
    assertThat(rec.generation()).isEqualTo(2);
    assertThat(rec.beginStop()).isFalse();
    assertThat(rec.generation()).isEqualTo(2);
    rec.recordEvent(stopped());
    assertThat(rec.generation()).isEqualTo(3);
    rec.recordEvent(stopped());
    assertThat(rec.generation()).isEqualTo(4);
  }

  @Test
  void quietStopDoesNotBumpGeneration() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    assertThat(rec.beginQuietStop()).isTrue();
    assertThat(rec.generation()).isEqualTo(1);
    assertThat(rec.status()).isEqualTo(Status.STOPPING);
    assertThat(rec.beginQuietStop()).isFalse();
    assertThat(rec.beginStop()).isFalse();
    assertThat(rec.generation()).isEqualTo(1);
  }

  @Test
  void stopOfAFailedSpawnDoesNothingButStopAllMarksIt() {
    ActorInstanceState rec = ActorInstanceState.spawnFailed(0, "x");
    assertThat(rec.beginStop()).isFalse();
    assertThat(rec.stopInitiated()).isFalse();
    assertThat(rec.beginQuietStop()).isFalse();
    assertThat(rec.stopInitiated()).isTrue();
    assertThat(rec.generation()).isEqualTo(1);
  }

  @Test
  void orphanRequiresAnExpiredKeepaliveASpawnAndNoStop() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    assertThat(rec.isOrphanAt(NOW)).isFalse();
    rec.keepalive(NOW);
    assertThat(rec.isOrphanAt(NOW)).isFalse();
    assertThat(rec.isOrphanAt(NOW.plusMillis(1))).isTrue();
    rec.keepalive(NOW.plusSeconds(10));
    assertThat(rec.isOrphanAt(NOW.plusMillis(1))).isFalse();
    rec.beginQuietStop();
    assertThat(rec.isOrphanAt(NOW.plusSeconds(11))).isFalse();
    ActorInstanceState failedSpawn = ActorInstanceState.spawnFailed(0, "x");
    failedSpawn.keepalive(NOW);
    assertThat(failedSpawn.isOrphanAt(NOW.plusSeconds(1))).isFalse();
  }

  @Test
  void waitersAreReleasedOnlyOnceTheirThresholdIsMet() {
    ActorInstanceState rec = ActorInstanceState.spawned(4, ACTOR);
    PortRef<StatusOverlay> stopping = PortRef.attest(ACTOR.portId(10));
    PortRef<StatusOverlay> stopped = PortRef.attest(ACTOR.portId(11));
    rec.addWaiter(Status.STOPPING, stopping);
    rec.addWaiter(Status.STOPPED, stopped);
    assertThat(rec.takeSatisfiedWaiters()).isEmpty();
    rec.beginStop();
    assertThat(rec.takeSatisfiedWaiters())
        .containsExactly(new ActorInstanceState.Waiter(Status.STOPPING, stopping));
    assertThat(rec.pendingWaiters()).isEqualTo(1);
    rec.recordEvent(failed());
    assertThat(rec.takeSatisfiedWaiters())
        .containsExactly(new ActorInstanceState.Waiter(Status.STOPPED, stopped));
    assertThat(rec.pendingWaiters()).isEqualTo(0);
    assertThat(rec.overlay().runs()).hasSize(1);
    assertThat(rec.overlay().runs().get(0).start()).isEqualTo(4);
  }

  @Test
  void subscribersAreNotDeduplicatedAndAreRemovedByPort() {
    ActorInstanceState rec = ActorInstanceState.spawned(0, ACTOR);
    PortRef<State<ActorState>> a = PortRef.attest(ACTOR.portId(20));
    PortRef<State<ActorState>> b = PortRef.attest(ACTOR.portId(21));
    rec.subscribe(a);
    rec.subscribe(a);
    rec.subscribe(b);
    assertThat(rec.subscribers()).containsExactly(a, a, b).inOrder();
    assertThat(rec.removeSubscriber(PortRef.attest(ACTOR.portId(20)))).isEqualTo(2);
    assertThat(rec.subscribers()).containsExactly(b);
  }
}
