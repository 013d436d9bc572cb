package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session ids are unique version 7 UUIDs that tell when their instance was created. */
class SessionIdsTest {
  // The time is kept to 1/4096 of a millisecond, rounded down.
  private static final Duration RESOLUTION = Duration.ofNanos(1_000_000 / 4096 + 1);

  @AfterEach
  void tearDown() {
    TestSupport.destroyAll();
  }

  @Test
  void anIdIsAVersion7UuidThatKeepsTheTimeItWasMade() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      Instant before = Instant.now();
      UUID id = SessionIds.next();
      Instant after = Instant.now();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      Instant made = SessionIds.timeOf(id);
      assertThat(made).isAtLeast(before.minus(RESOLUTION));
      assertThat(made).isAtMost(after);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void anActorsCreationTimeIsItsSessionsTime() throws Exception {
    Proc proc = TestSupport.proc();
    Instant before = Instant.now();
    ActorHandle<String> actor = proc.spawn("created", new Actor<String>() {
      @Override
      public void handle(Context<String> cx, String message) {}
    });
    Instant after = Instant.now();
    Instant created = proc.getInstance(actor.actorId()).orElseThrow().createdAt();
    assertThat(created).isAtLeast(before.minus(RESOLUTION));
    assertThat(created).isAtMost(after);
  }
}
