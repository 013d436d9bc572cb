package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * How a {@link MeshFailure} renders, as upstream's {@code supervision.rs} pins it: the mesh
 * segment and the ranks segment appear only when present, around the event's own display.
 */
class MeshFailureTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private static ActorSupervisionEvent failed(String proc, String actor, String displayName, String message) {
    ActorId id = new ProcId(new ChannelAddr.Local(0), proc).actorId(actor);
    return new ActorSupervisionEvent(
        id, displayName, new ActorStatus.Failed(ActorErrorKind.generic(message)), AT, null);
  }

  private static ActorSupervisionEvent testEvent(String actor, @Nullable String displayName) {
    return failed("test_proc", actor, displayName == null ? actor : displayName, "boom");
  }

  @Test
  void meshFailureDisplayRendersMeshNameWhenPopulated() {
    MeshFailure failure = MeshFailure.wholeMesh("training", testEvent("actor_a", null));
    assertThat(failure.toString()).contains("on mesh \"training\"");
  }

  @Test
  void meshFailureDisplayOmitsMeshSegmentWhenNone() {
    MeshFailure failure = MeshFailure.wholeMesh(null, testEvent("actor_a", null));
    assertThat(failure.toString()).doesNotContain("on mesh");
  }

  @Test
  void meshFailureDisplayRendersMeshAndPythonClass() {
    MeshFailure failure =
        MeshFailure.wholeMesh(
            "training", testEvent("actor_a", "instance0.<my_module.Philosopher training>"));
    assertThat(failure.toString()).contains("on mesh \"training\"");
    assertThat(failure.toString()).contains("my_module.Philosopher");
  }

  @Test
  void proofMotivatingIncidentRootClientUndeliverable() {
    ActorSupervisionEvent event =
        failed(
            "worker_proc",
            "dead_actor",
            "dead_actor",
            "message not delivered: undeliverable message error: ... error: broken link: message"
                + " returned to global root client");
    assertThat(MeshFailure.wholeMesh(null, event).toString())
        .isEqualTo("failure with event: " + event);
    assertThat(MeshFailure.wholeMesh("training", event).toString())
        .isEqualTo("failure on mesh \"training\" with event: " + event);
  }

  @Test
  void proofDirectActorHandledPanic() {
    ActorSupervisionEvent event =
        failed(
            "worker_proc",
            "philosopher_1",
            "instance0.<monarch_examples.dining.Philosopher training>",
            "IndexError: list index out of range");
    assertThat(MeshFailure.wholeMesh(null, event).toString())
        .isEqualTo("failure with event: " + event);
    assertThat(MeshFailure.wholeMesh("training", event).toString())
        .isEqualTo("failure on mesh \"training\" with event: " + event);
    assertThat(event.toString()).contains("instance0.<monarch_examples.dining.Philosopher training>");
  }

  @Test
  void proofControllerUnreachable() {
    ActorSupervisionEvent event =
        failed(
            "controller_proc",
            "training_controller",
            "training_controller",
            "timed out reaching controller ... Assuming controller's proc is dead");
    assertThat(MeshFailure.wholeMesh("training", event).toString())
        .isEqualTo("failure on mesh \"training\" with event: " + event);
  }

  @Test
  void crashedRanksAreRenderedAndContained() {
    ActorSupervisionEvent event = testEvent("actor_a", null);
    MeshFailure some = new MeshFailure("training", event, ImmutableList.of(1, 3));
    assertThat(some.toString())
        .isEqualTo("failure on mesh \"training\" at ranks [1, 3] with event: " + event);
    assertThat(some.containsRank(3)).isTrue();
    assertThat(some.containsRank(2)).isFalse();
    assertThat(MeshFailure.wholeMesh(null, event).containsRank(2)).isTrue();
  }
}
