package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.ResourceId;
import io.hyperactor.resource.State;
import io.hyperactor.resource.Status;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthStateTest {
  private static final Region REGION = Region.from(Extent.of("procs", 3));
  private static final ResourceId ID = ResourceId.instance("mesh");

  private static HealthState running() {
    return new HealthState(ValueMesh.fromSingle(REGION, Status.RUNNING), null);
  }

  @Test
  void maybeUpdateInsertsANewPoint() {
    HealthState health = new HealthState(ValueMesh.<Status>empty(), null);
    assertThat(health.maybeUpdate(5, Status.RUNNING, 1)).isTrue();
    assertThat(health.status(5)).hasValue(Status.RUNNING);
  }

  @Test
  void maybeUpdateSameStatusReturnsFalseButBumpsTheGeneration() {
    HealthState health = running();
    assertThat(health.maybeUpdate(0, Status.RUNNING, 0)).isFalse();
    assertThat(health.maybeUpdate(0, Status.RUNNING, 7)).isFalse();
    assertThat(health.generation(0)).hasValue(7L);
  }

  @Test
  void maybeUpdateLowerGenerationIsIgnored() {
    HealthState health = running();
    assertThat(health.maybeUpdate(1, Status.RUNNING, 5)).isFalse();
    assertThat(health.maybeUpdate(1, Status.INITIALIZING, 4)).isFalse();
    assertThat(health.status(1)).hasValue(Status.RUNNING);
    assertThat(health.maybeUpdate(1, new Status.Failed("x"), 5)).isTrue();
  }

  @Test
  void maybeUpdateTerminatingStatusFreezesTheRank() {
    HealthState health = running();
    assertThat(health.maybeUpdate(2, Status.STOPPING, 1)).isTrue();
    assertThat(health.maybeUpdate(2, Status.STOPPED, 2)).isFalse();
    assertThat(health.maybeUpdate(2, Status.RUNNING, Long.MAX_VALUE)).isFalse();
    assertThat(health.status(2)).hasValue(Status.STOPPING);
  }

  @Test
  void overwriteBypassesTheFreezeButInsertsNothing() {
    HealthState health = running();
    health.maybeUpdate(0, Status.STOPPING, 1);
    health.overwrite(0, Status.STOPPED);
    health.overwrite(9, Status.STOPPED);
    assertThat(health.status(0)).hasValue(Status.STOPPED);
    assertThat(health.numRanks()).isEqualTo(3);
  }

  @Test
  void allAndAnyTerminating() {
    assertThat(new HealthState(ValueMesh.<Status>empty(), null).allTerminating()).isTrue();
    HealthState health = running();
    assertThat(health.anyTerminating()).isFalse();
    health.maybeUpdate(0, new Status.Failed("x"), 1);
    assertThat(health.anyTerminating()).isTrue();
    assertThat(health.allTerminating()).isFalse();
    health.maybeUpdate(1, Status.STOPPED, 1);
    health.maybeUpdate(2, Status.STOPPING, 1);
    assertThat(health.allTerminating()).isTrue();
  }

  @Test
  void applyUpdatesAndNotifyCallsBackOnChangesOnly() {
    HealthState health = running();
    ValueMesh<State<String>> states =
        ValueMesh.of(
            REGION,
            List.of(
                new State<>(ID, Status.RUNNING, "a", 1, Instant.now()),
                new State<>(ID, Status.STOPPED, "b", 1, Instant.now()),
                new State<>(ID, new Status.Failed("x"), "c", 1, Instant.now())));
    List<Integer> changed = new ArrayList<>();
    boolean notified =
        health.applyUpdatesAndNotify(
            states,
            (rank, state) -> {
              changed.add(rank);
              return rank == 2;
            });
    assertThat(changed).containsExactly(1, 2).inOrder();
    assertThat(notified).isTrue();
    assertThat(health.applyUpdatesAndNotify(states, (rank, state) -> true)).isFalse();
  }

  @Test
  void unhealthyEventIsLatchedAndTheLastWriterWins() {
    HealthState health = running();
    assertThat(health.unhealthy()).isEmpty();
    MeshFailure first = failure(List.of(1));
    MeshFailure second = failure(List.of());
    health.latch(new Unhealthy.Crashed(first));
    assertThat(health.unhealthy()).hasValue(new Unhealthy.Crashed(first));
    health.latch(new Unhealthy.StreamClosed(second));
    assertThat(health.unhealthy()).hasValue(new Unhealthy.StreamClosed(second));
  }

  @Test
  void subscribersAreKeyedByPort() {
    HealthState health = running();
    var port =
        PortRef.<SupervisionNotice>attest(
            ProcId.parse("local:0,p").actorId("owner").portId(7));
    assertThat(health.subscribe(port)).isTrue();
    assertThat(health.subscribe(port)).isFalse();
    assertThat(health.subscribers()).containsExactly(port);
    assertThat(health.unsubscribe(port.portId())).isTrue();
    assertThat(health.unsubscribe(port.portId())).isFalse();
    assertThat(health.subscribers()).isEmpty();
  }

  private static MeshFailure failure(List<Integer> ranks) {
    return new MeshFailure(
        "mesh",
        ActorSupervisionEvent.of(
            ProcId.parse("local:0,p").actorId("a"), "a", new ActorStatus.Stopped("x")),
        ranks);
  }
}
