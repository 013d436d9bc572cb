package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rules spanning all records: poisoning, all-terminal, exit code, StopAll and orphan selection. */
class ActorResourcesTest {
  private static final ProcId PROC = new ProcId(new ChannelAddr.Local(9), "p");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ActorId actor(String name) {
    return new ActorId(PROC, name, 0);
  }

  private static ActorSupervisionEvent event(ActorId id, boolean error) {
    ActorStatus status =
        error
            ? new ActorStatus.Failed(ActorErrorKind.generic("boom"))
            : new ActorStatus.Stopped("done");
    return ActorSupervisionEvent.of(id, "t", status);
  }

  @Test
  void emptyResourcesAreAllTerminalAndExitWithZero() {
    ActorResources r = new ActorResources();
    assertThat(r.allTerminal()).isTrue();
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.isPoisoned()).isFalse();
  }

  @Test
  void onlyErrorEventsPoisonAndSetExitCodeOne() {
    ActorResources r = new ActorResources();
    r.put(ResourceId.singleton("failed-spawn"), ActorInstanceState.spawnFailed(0, "nope"));
    ActorInstanceState clean = ActorInstanceState.spawned(1, actor("clean"));
    r.put(ResourceId.singleton("clean"), clean);
    clean.recordEvent(event(actor("clean"), false));
    assertThat(r.isPoisoned()).isFalse();
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.allTerminal()).isTrue();

    ActorInstanceState bad = ActorInstanceState.spawned(2, actor("bad"));
    r.put(ResourceId.singleton("bad"), bad);
    assertThat(r.allTerminal()).isFalse();
    bad.recordEvent(event(actor("bad"), true));
    assertThat(r.failedActorCount()).isEqualTo(1);
    assertThat(r.isPoisoned()).isTrue();
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void stopAllMarksEverythingAndReturnsOnlySpawnedActors() {
    ActorResources r = new ActorResources();
    ActorInstanceState failed = ActorInstanceState.spawnFailed(0, "nope");
    ActorInstanceState a = ActorInstanceState.spawned(1, actor("a"));
    ActorInstanceState b = ActorInstanceState.spawned(2, actor("b"));
    r.put(ResourceId.singleton("f"), failed);
    r.put(ResourceId.singleton("a"), a);
    r.put(ResourceId.singleton("b"), b);
    b.beginStop();
    assertThat(r.beginStopAll()).containsExactly(a);
    assertThat(failed.stopInitiated()).isTrue();
    assertThat(a.generation()).isEqualTo(1);
    assertThat(r.beginStopAll()).isEmpty();
  }

  @Test
  void orphansAreTheExpiredOnesAndAreTakenOnce() {
    ActorResources r = new ActorResources();
    ActorInstanceState expired = ActorInstanceState.spawned(0, actor("expired"));
    ActorInstanceState alive = ActorInstanceState.spawned(1, actor("alive"));
    ActorInstanceState never = ActorInstanceState.spawned(2, actor("never"));
    expired.keepalive(NOW.minusSeconds(1));
    alive.keepalive(NOW.plusSeconds(1));
    r.put(ResourceId.singleton("expired"), expired);
    r.put(ResourceId.singleton("alive"), alive);
    r.put(ResourceId.singleton("never"), never);
    assertThat(r.takeOrphans(NOW)).containsExactly(expired);
    assertThat(expired.generation()).isEqualTo(1);
    assertThat(r.takeOrphans(NOW)).isEmpty();
  }

  @Test
  void eventsMatchTheRecordOfTheActorTheyName() {
    ActorResources r = new ActorResources();
    ResourceId id = ResourceId.singleton("x");
    r.put(id, ActorInstanceState.spawned(0, actor("x")));
    assertThat(r.findByEvent(event(actor("x"), false)).getKey()).isEqualTo(id);
    assertThat(r.findByEvent(event(actor("other"), false))).isNull();
  }
}
