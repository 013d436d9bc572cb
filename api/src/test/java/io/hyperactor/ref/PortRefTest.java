package io.hyperactor.ref;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import org.junit.jupiter.api.Test;

class PortRefTest {
  private static final PortId PORT =
      new ProcId(ChannelAddr.parse("tcp:127.0.0.1:1234"), "p").actorId("caller").portId(1024);

  @Test
  void failedDeliveriesComeBackUnlessTheReferenceSaysOtherwise() {
    assertThat(PortRef.attest(PORT).returnUndeliverable()).isTrue();
    assertThat(new PortRef<>(PORT, null, ReducerMode.streaming()).returnUndeliverable()).isTrue();

    PortRef<Long> quiet = PortRef.<Long>attest(PORT).withReturnUndeliverable(false);
    assertThat(quiet.returnUndeliverable()).isFalse();
    assertThat(quiet.portId()).isEqualTo(PORT);
    assertThat(quiet).isNotEqualTo(PortRef.attest(PORT));
    assertThat(quiet.withReturnUndeliverable(true)).isEqualTo(PortRef.attest(PORT));
    assertThat(quiet.withReturnUndeliverable(false)).isSameInstanceAs(quiet);
  }

  @Test
  void turningReturnsOffKeepsTheReducer() {
    ReducerMode.Streaming opts = ReducerMode.streaming();
    PortRef<Long> reducing = new PortRef<>(PORT, new ReducerSpec("app.sum"), opts);
    PortRef<Long> quiet = reducing.withReturnUndeliverable(false);
    assertThat(quiet.reducerSpec()).isEqualTo(new ReducerSpec("app.sum"));
    assertThat(quiet.streamingOpts()).isEqualTo(opts);
  }

  @Test
  void theTextSaysWhenFailedDeliveriesAreDropped() {
    assertThat(PortRef.attest(PORT).toString()).isEqualTo(PORT.toString());
    assertThat(PortRef.attest(PORT).withReturnUndeliverable(false).toString())
        .isEqualTo(PORT + "(no return)");
  }
}
