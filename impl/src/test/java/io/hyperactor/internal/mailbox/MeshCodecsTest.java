package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.accum.GCounter;
import io.hyperactor.mesh.accum.PNCounter;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.mesh.accum.Reducers;
import io.hyperactor.mesh.accum.WatermarkUpdate;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.MeshState;
import io.hyperactor.resource.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mesh values, reducer updates and reducing port references on the wire. */
class MeshCodecsTest {
  private final CodecRegistry registry = CodecRegistry.builtins();
  private final PortId port =
      new ProcId(new ChannelAddr.Local(3), "p").actorId("a").portId(PortId.FIRST_DYNAMIC_INDEX);

  private Object roundTrip(Object value) {
    byte[] bytes = registry.encode(value);
    return registry.decode(registry.typeNameOf(value), bytes);
  }

  @Test
  void reducerUpdatesRoundTripInEveryRegistry() {
    GCounter g = GCounter.of(0, 10).join(GCounter.of(3, 7));
    PNCounter pn = PNCounter.inc(0, 10).join(PNCounter.dec(1, 4));
    WatermarkUpdate<Long> w = WatermarkUpdate.of(0, 5L, 1).join(WatermarkUpdate.of(2, 9L, 4));
    assertThat(roundTrip(g)).isEqualTo(g);
    assertThat(roundTrip(pn)).isEqualTo(pn);
    assertThat(roundTrip(w)).isEqualTo(w);
    assertThat(((WatermarkUpdate<?>) roundTrip(w)).get()).isEqualTo(5L);
    assertThat(registry.typeNameOf(g)).isEqualTo("hyperactor.accum.GCounter");
  }

  @Test
  void decodedCollectionComponentsPassThroughTheirConstructors() {
    // The components are declared Map and List; the codec decodes them as Guava immutable
    // collections, and the constructors keep their guarantees: sorted by rank, unmodifiable.
    GCounter g = GCounter.of(5, 1).join(GCounter.of(0, 2)).join(GCounter.of(3, 4));
    GCounter decoded = (GCounter) roundTrip(g);
    assertThat(decoded.counts().keySet()).containsExactly(0L, 3L, 5L).inOrder();
    assertThrows(UnsupportedOperationException.class, () -> decoded.counts().put(9L, 9L));

    ValueOverlay<String> ov = ValueOverlay.of(0, 2, "a");
    ValueOverlay<?> decodedOverlay = (ValueOverlay<?>) roundTrip(ov);
    assertThat(decodedOverlay.runs()).containsExactlyElementsIn(ov.runs()).inOrder();
    assertThrows(UnsupportedOperationException.class, () -> decodedOverlay.runs().clear());
  }

  @Test
  void valueOverlayRoundTrips() {
    ValueOverlay<String> ov =
        ValueOverlay.tryFromRuns(
            List.of(new ValueOverlay.Run<>(0, 2, "a"), new ValueOverlay.Run<>(5, 9, "b")));
    assertThat(roundTrip(ov)).isEqualTo(ov);
    assertThat(roundTrip(ValueOverlay.empty())).isEqualTo(ValueOverlay.empty());
  }

  @Test
  void reducerDescriptionsRoundTrip() {
    assertThat(roundTrip(Reducers.SUM)).isEqualTo(Reducers.SUM);
    assertThat(roundTrip(ReducerMode.once(4))).isEqualTo(ReducerMode.once(4));
    assertThat(roundTrip(ReducerMode.streaming())).isEqualTo(ReducerMode.streaming());
    ReducerMode.Streaming s = ReducerMode.streaming(Duration.ofSeconds(2), Duration.ofMillis(3));
    assertThat(roundTrip(s)).isEqualTo(s);
  }

  @Test
  void portRefsKeepTheirReducer() {
    PortRef<Long> plain = PortRef.attest(port);
    PortRef<Long> reducing = new PortRef<>(port, Reducers.SUM, ReducerMode.streaming());
    PortRef<Long> tuned =
        new PortRef<>(
            port, Reducers.MAX, ReducerMode.streaming(Duration.ofMillis(20), Duration.ofMillis(2)));
    PortRef<Long> optsOnly =
        new PortRef<>(
            port, null, ReducerMode.streaming(Duration.ofDays(365 * 400), Duration.ofNanos(1)));
    for (PortRef<Long> ref : List.of(plain, reducing, tuned, optsOnly)) {
      assertThat(roundTrip(ref)).isEqualTo(ref);
      assertThat(registry.typeNameOf(ref)).isEqualTo("hyperactor.PortRef");
    }
    OncePortRef<Long> once = new OncePortRef<>(port, new ReducerSpec("app.custom"));
    assertThat(roundTrip(once)).isEqualTo(once);
    assertThat(roundTrip(new OncePortRef<>(port))).isEqualTo(new OncePortRef<>(port));
    // The plain forms keep their compact encoding.
    assertThat(registry.encode(plain).length).isLessThan(registry.encode(reducing).length);
  }

  @Test
  void portRefsKeepWhetherTheirFailedDeliveriesComeBack() {
    PortRef<Long> plain = PortRef.<Long>attest(port).withReturnUndeliverable(false);
    PortRef<Long> reducing =
        new PortRef<Long>(port, Reducers.SUM, ReducerMode.streaming())
            .withReturnUndeliverable(false);
    for (PortRef<Long> ref : List.of(plain, reducing)) {
      Object decoded = roundTrip(ref);
      assertThat(decoded).isEqualTo(ref);
      assertThat(((PortRef<?>) decoded).returnUndeliverable()).isFalse();
      assertThat(registry.typeNameOf(ref)).isEqualTo("hyperactor.PortRef");
    }
    assertThat(((PortRef<?>) roundTrip(PortRef.attest(port))).returnUndeliverable()).isTrue();
  }

  @Test
  void runtimeNamesCannotBeTakenByApplications() {
    record Mine(long n) {}
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CodecRegistry.builder().record("hyperactor.accum.GCounter", Mine.class));
    assertThat(e).hasMessageThat().contains("'hyperactor.accum.GCounter' is already registered");
  }

  @Test
  void invalidDecodedValuesAreRefusedByTheirConstructors() {
    // A G-counter with a negative count is refused while decoding, naming the problem.
    byte[] bytes = registry.encode(GCounter.of(1, 5));
    // The count is the last value (a zigzag varint 10 for 5); rewrite it to 9 for -5.
    bytes[bytes.length - 1] = 9;
    CodecException e =
        assertThrows(
            CodecException.class, () -> registry.decode("hyperactor.accum.GCounter", bytes));
    assertThat(e).hasMessageThat().contains("count of rank 1 must be >= 0, got -5");
  }

  @Test
  void testDenseRoundTripBincode() {
    ValueMesh<Integer> dense = ValueMesh.of(Extent.of("x", 5).region(), List.of(1, 2, 3, 4, 5));
    ValueMesh<?> restored = (ValueMesh<?>) roundTrip(dense);
    assertThat(restored).isEqualTo(dense);
    assertThat(restored.rep()).isInstanceOf(ValueMesh.Dense.class);
    assertThat(restored.rep()).isEqualTo(dense.rep());
    assertThat(registry.typeNameOf(dense)).isEqualTo("hyperactor.ValueMesh");
  }

  @Test
  void testCompressedRoundTripBincode() {
    ValueMesh<Integer> mesh =
        ValueMesh.of(Extent.of("x", 10).region(), List.of(1, 1, 1, 2, 2, 3, 3, 3, 3, 3))
            .compressAdjacent();
    ValueMesh<?> restored = (ValueMesh<?>) roundTrip(mesh);
    assertThat(restored).isEqualTo(mesh);
    assertThat(restored.rep()).isInstanceOf(ValueMesh.Compressed.class);
    assertThat(restored.rep()).isEqualTo(mesh.rep());
  }

  @Test
  void slicedMeshesKeepTheirRegion() {
    Region root = Extent.of("hosts", 2, "gpus", 4).region();
    ValueMesh<String> sliced = ValueMesh.fromSingle(root, "up").range("gpus", Range.of(2, 4));
    ValueMesh<?> restored = (ValueMesh<?>) roundTrip(sliced);
    assertThat(restored.region()).isEqualTo(sliced.region());
    assertThat(restored.region().toString()).isEqualTo("2+hosts=2/4,gpus=2/1");
    assertThat(roundTrip(sliced.region())).isEqualTo(sliced.region());
    assertThat(roundTrip(Extent.of().region())).isEqualTo(Extent.of().region());
    assertThat(roundTrip(ValueMesh.empty())).isEqualTo(ValueMesh.empty());
  }

  @Test
  void meshesOfRegisteredValuesRoundTrip() {
    CodecRegistry withStatus =
        CodecRegistry.builder().sealed("hyperactor.resource.Status", Status.class).build();
    ValueMesh<Status> statuses =
        ValueMesh.fromSingle(Extent.of("x", 6).region(), Status.NOT_EXIST)
            .mergeFromOverlay(ValueOverlay.of(1, 3, new Status.Failed("boom")));
    byte[] bytes = withStatus.encode(statuses);
    assertThat(withStatus.decode("hyperactor.ValueMesh", bytes)).isEqualTo(statuses);
    // Without the element type registered the mesh cannot be encoded, naming the element class.
    CodecException e = assertThrows(CodecException.class, () -> registry.encode(statuses));
    assertThat(e).hasMessageThat().contains("Status$NotExist");
  }

  @Test
  void testStateSerializeAndDeserializeWithBincode() {
    CodecRegistry codecs =
        CodecRegistry.builder()
            .sealed("hyperactor.resource.Status", Status.class)
            .record("hyperactor.resource.MeshState", MeshState.class)
            .build();
    Region region = Extent.of("x", 5).region();
    MeshState<Integer> data =
        new MeshState<>(
            ValueMesh.of(
                region,
                List.of(
                    Status.RUNNING,
                    Status.RUNNING,
                    Status.RUNNING,
                    Status.RUNNING,
                    Status.RUNNING)),
            0);
    @SuppressWarnings("unchecked")
    MeshState<Integer> decoded =
        (MeshState<Integer>) codecs.decode(codecs.typeNameOf(data), codecs.encode(data));
    assertThat(decoded.state()).isEqualTo(data.state());
    assertThat(decoded.statuses()).isEqualTo(data.statuses());
  }

  @Test
  void malformedMeshesAreRefusedWithTheReason() {
    ValueMesh<Integer> mesh =
        ValueMesh.of(Extent.of("x", 3).region(), List.of(1, 2, 3)).compressAdjacent();
    byte[] bytes = registry.encode(mesh);
    // The last run's id is the final byte: point it past the table.
    bytes[bytes.length - 1] = 7;
    CodecException e =
        assertThrows(CodecException.class, () -> registry.decode("hyperactor.ValueMesh", bytes));
    assertThat(e).hasMessageThat().contains("names table entry 7 of 3");

    byte[] dense = registry.encode(ValueMesh.of(Extent.of("x", 3).region(), List.of(1, 2, 3)));
    byte[] truncated = java.util.Arrays.copyOf(dense, dense.length - 2);
    assertThrows(CodecException.class, () -> registry.decode("hyperactor.ValueMesh", truncated));
  }
}
