package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.AccumPortReceiver;
import io.hyperactor.ClientInstance;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.SplitPortOptions;
import io.hyperactor.id.PortId;
import io.hyperactor.internal.json.ValueMeshJson;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.accum.Accumulators;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.Reducers;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/meshes.md} ("Value meshes", "Accumulators and reducing ports"), as
 * written there, with the results the comments there state.
 */
class MeshDocsTest {
  private final Proc proc = TestSupport.proc();

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  @Test
  void valueMeshes() {
    Region region = Extent.of("hosts", 2, "gpus", 4).region();

    ValueMesh<Integer> ranks = IntStream.range(0, 8).boxed().collect(ValueMesh.collect(region));
    assertThat(ranks.get(5)).isEqualTo(Optional.of(5));
    assertThat(ranks.get(region.extent().point(1, 2))).isEqualTo(6);
    ValueMesh<Integer> gpu2 = ranks.range("gpus", Range.of(2, 4));
    assertThat(gpu2.values().toList()).containsExactly(2, 3, 6, 7).inOrder();
    assertThat(gpu2.region().toString()).isEqualTo("2+hosts=2/4,gpus=2/1");
  }

  @Test
  void denseAndCompressed() {
    ValueMesh<String> statuses =
        ValueMesh.fromRangesWithDefault(
            Extent.of("n", 10).region(),
            "idle",
            List.of(new ValueOverlay.Run<>(2, 4, "busy"), new ValueOverlay.Run<>(6, 9, "done")));
    assertThat(statuses.values().toList())
        .containsExactly(
            "idle", "idle", "busy", "busy", "idle", "idle", "done", "done", "done", "idle")
        .inOrder();
    assertThat(statuses.isCompressed()).isTrue();
    ValueMesh.Compressed<String> c = (ValueMesh.Compressed<String>) statuses.rep();
    assertThat(c.runs()).hasSize(5);
    assertThat(c.table()).containsExactly("idle", "busy", "done").inOrder();
  }

  @Test
  void overlays() {
    ValueMesh<Integer> mesh =
        ValueMesh.fromDense(
            Extent.of("rows", 2, "cols", 5).region(), List.of(1, 1, 1, 2, 2, 3, 3, 4, 4, 4));
    ValueMesh<Integer> patched = mesh.mergeFromOverlay(ValueOverlay.of(3, 7, 9));
    assertThat(patched.values().toList()).containsExactly(1, 1, 1, 9, 9, 9, 9, 4, 4, 4).inOrder();
    assertThat(patched.valueRuns().toString()).isEqualTo("[0..3=1, 3..7=9, 7..10=4]");

    ValueOverlay<String> earlier =
        ValueOverlay.tryFromRuns(
            List.of(new ValueOverlay.Run<>(0, 4, "run"), new ValueOverlay.Run<>(6, 8, "stop")));
    ValueOverlay<String> later = ValueOverlay.merge(earlier, ValueOverlay.of(2, 6, "init"));
    assertThat(later.runs().toString()).isEqualTo("[0..2=run, 2..6=init, 6..8=stop]");

    String json = ValueMeshJson.write(mesh);
    ValueMesh<Integer> back = ValueMeshJson.read(json, Integer.class);
    assertThat(back).isEqualTo(mesh);
  }

  @Test
  void accumulatingPorts() throws Exception {
    ClientInstance client = proc.instance("client");
    AccumPortReceiver<Long, Long> max = client.openAccumPort(Accumulators.max());
    max.handle().send(client, 3L);
    max.handle().send(client, 7L);
    max.handle().send(client, 5L);
    assertThat(max.recv(Duration.ofSeconds(5))).isEqualTo(7L);
    assertThat(max.tryRecv()).isNull();

    Region region = Extent.of("hosts", 2, "gpus", 4).region();
    AccumPortReceiver<ValueOverlay<Status>, ValueMesh<Status>> statuses =
        client.openAccumPort(
            Accumulators.valueMesh(ValueMesh.fromSingle(region, Status.NOT_EXIST)));
    statuses.handle().send(client, ValueOverlay.of(4, 8, Status.RUNNING));
    assertThat(statuses.recv(Duration.ofSeconds(5)).get(5)).isEqualTo(Optional.of(Status.RUNNING));
  }

  @Test
  void reducePorts() throws Exception {
    ClientInstance client = proc.instance("client");
    OncePortReceiver<Long> total = client.openReducePort(Accumulators.sum());
    OncePortRef<Long> ref = total.handle().bind();
    assertThat(ref.reducer()).hasValue(Reducers.SUM);
    PortId split =
        client.splitPort(
            ref.portId(),
            SplitPortOptions.reducing(ref.reducer().orElseThrow(), ReducerMode.once(3)));
    client.post(split, 10L);
    client.post(split, 20L);
    client.post(split, 30L);
    assertThat(total.recv(Duration.ofSeconds(5))).isEqualTo(60L);
  }
}
