package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ClientInstance;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.MeshFailure;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Region;
import io.hyperactor.ref.PortRef;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.supervision.ActorErrorKind;
import io.hyperactor.supervision.ActorStatus;
import io.hyperactor.supervision.ActorSupervisionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The owner's side of a mesh's supervision stream: filtering, ordering, and the watchdog. */
class MeshSupervisionTest {
  private static final Region SPAWNED = Extent.of("hosts", 2, "gpus", 2).region();

  private ActorSystem system;
  private ClientInstance owner;

  @BeforeEach
  void setUp() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.SUPERVISION_WATCHDOG_TIMEOUT, Duration.ofSeconds(1));
    system = ActorSystem.builder().name("supervision-test").config(config).build();
    owner = system.client();
  }

  @AfterEach
  void tearDown() {
    system.close();
  }

  private MeshFailure failure(List<Integer> ranks, boolean error) {
    ActorId actor = owner.selfId();
    ActorStatus status =
        error
            ? new ActorStatus.Failed(ActorErrorKind.generic("boom"))
            : new ActorStatus.Stopped("stopped");
    return new MeshFailure("mesh", ActorSupervisionEvent.of(actor, "mesh", status), ranks);
  }

  @Test
  void eventsAreFilteredByTheRegionOfASlicedMesh() throws Exception {
    try (MeshSupervision supervision = new MeshSupervision(owner, "mesh")) {
      Region hostOne = SPAWNED.range("hosts", Range.of(1, 2));
      CompletableFuture<MeshFailure> forHostOne = supervision.next(hostOne, SPAWNED);
      MeshFailure onHostZero = failure(List.of(1), true);
      supervision.record(onHostZero);
      assertThat(forHostOne.isDone()).isFalse();
      MeshFailure onHostOne = failure(List.of(3), true);
      supervision.record(onHostOne);
      assertThat(forHostOne.get(1, TimeUnit.SECONDS)).isEqualTo(onHostOne);
      // The host-0 event is still there for a reader of the whole mesh.
      assertThat(supervision.next(SPAWNED, SPAWNED).get(1, TimeUnit.SECONDS)).isEqualTo(onHostZero);
      // A whole-mesh event concerns every region.
      MeshFailure whole = failure(List.of(), false);
      supervision.record(whole);
      assertThat(supervision.next(hostOne, SPAWNED).get(1, TimeUnit.SECONDS)).isEqualTo(whole);
    }
  }

  @Test
  void castsAreRefusedOnlyForRegionsAFailureCovers() {
    try (MeshSupervision supervision = new MeshSupervision(owner, "mesh")) {
      Region hostZero = SPAWNED.range("hosts", Range.of(0, 1));
      Region hostOne = SPAWNED.range("hosts", Range.of(1, 2));
      supervision.record(failure(List.of(), false));
      // The mesh's own stop refuses nothing.
      assertThat(supervision.crashFor(SPAWNED, SPAWNED)).isEmpty();
      MeshFailure crash = failure(List.of(2), true);
      supervision.record(crash);
      assertThat(supervision.crashFor(hostOne, SPAWNED)).hasValue(crash);
      assertThat(supervision.crashFor(SPAWNED, SPAWNED)).hasValue(crash);
      assertThat(supervision.crashFor(hostZero, SPAWNED)).isEmpty();
    }
  }

  @Test
  void aRegionOutsideTheMeshIsRefused() {
    Region other = Extent.of("procs", 9).region();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MeshSupervision.covers(failure(List.of(1), true), other, SPAWNED));
    assertThat(e).hasMessageThat().contains("is not a region of");
  }

  @Test
  void watchdogReportsASilentController() throws Exception {
    try (MeshSupervision supervision = new MeshSupervision(owner, "mesh")) {
      supervision.start(owner.selfId());
      MeshFailure failure = supervision.next(SPAWNED, SPAWNED).get(30, TimeUnit.SECONDS);
      assertThat(failure.crashedRanks()).isEmpty();
      assertThat(failure.event().isError()).isTrue();
      assertThat(failure.event().actorStatus().toString()).contains("timed out reaching controller");
      assertThat(supervision.latest()).hasValue(failure);
    }
  }

  @Test
  void heartbeatsKeepTheWatchdogQuietAndAreNotEvents() throws Exception {
    try (MeshSupervision supervision = new MeshSupervision(owner, "mesh")) {
      supervision.start(owner.selfId());
      PortRef<SupervisionNotice> stream = supervision.subscriberPort();
      CompletableFuture<MeshFailure> next = supervision.next(SPAWNED, SPAWNED);
      // Three watchdog periods of heartbeats every 200 ms: no event.
      for (int i = 0; i < 15; i++) {
        stream.send(owner, SupervisionNotice.heartbeat());
        Thread.sleep(200);
      }
      assertThat(next.isDone()).isFalse();
      MeshFailure crash = failure(List.of(0), true);
      stream.send(owner, new SupervisionNotice(crash));
      assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(crash);
    }
  }
}
