package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.accum.GCounter;
import io.hyperactor.mesh.accum.PNCounter;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.mesh.accum.Reducers;
import io.hyperactor.mesh.accum.WatermarkUpdate;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
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
}
