package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.ConfigEntry;
import io.hyperactor.config.ConfigLayer;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The agent's debug messages round-trip through a registry built with {@link ProcAgentCodecs}. */
class ProcAgentCodecsTest {
  private final CodecRegistry registry = ProcAgentCodecs.register(CodecRegistry.builder()).build();

  @Test
  void threadDumpResultRoundTripsWithNullableFieldsAndFrames() {
    ThreadStack blocked =
        new ThreadStack(
            42,
            "world[0].blocker[0]",
            true,
            "WAITING",
            "world[0].blocker[0]",
            "processing",
            ImmutableList.of("java.lang.Thread.sleep(Thread.java:1)", "Blocker.handle(B.java:9)"));
    ThreadStack plain = new ThreadStack(1, "main", false, "", null, null, ImmutableList.of());
    ThreadDumpResult result =
        new ThreadDumpResult(
            1234, Instant.ofEpochSecond(1_700_000_000, 5), ImmutableList.of(blocked, plain), null);

    String typeName = registry.typeNameOf(result);
    Object decoded = registry.decode(typeName, registry.encode(result));

    assertThat(typeName).isEqualTo("hyperactor.agent.ThreadDumpResult");
    assertThat(decoded).isEqualTo(result);
    assertThat(((ThreadDumpResult) decoded).render()).isEqualTo(result.render());
  }

  @Test
  void failedThreadDumpResultRoundTripsItsError() {
    ThreadDumpResult failed =
        new ThreadDumpResult(7, Instant.EPOCH, ImmutableList.of(), "thread dump of pid 7 failed");

    Object decoded = registry.decode(registry.typeNameOf(failed), registry.encode(failed));

    assertThat(decoded).isEqualTo(failed);
  }

  @Test
  void threadDumpRequestRoundTripsItsReplyPort() {
    ProcId procId = new ProcId(ChannelAddr.any(ChannelTransport.LOCAL), "proc");
    ThreadDump request = new ThreadDump(new OncePortRef<>(procId.actorId("client").portId(7)));

    Object decoded = registry.decode(registry.typeNameOf(request), registry.encode(request));

    assertThat(registry.typeNameOf(request)).isEqualTo("hyperactor.agent.ThreadDump");
    assertThat(decoded).isEqualTo(request);
  }

  @Test
  void configDumpRequestAndResultRoundTrip() {
    ProcId procId = new ProcId(ChannelAddr.any(ChannelTransport.LOCAL), "proc");
    ConfigDump request = new ConfigDump(new OncePortRef<>(procId.actorId("client").portId(8)));
    ConfigDumpResult result =
        new ConfigDumpResult(
            ImmutableList.of(
                new ConfigEntry("cleanup_timeout", "3s", ConfigLayer.DEFAULT),
                new ConfigEntry("message_delivery_timeout", "17s", ConfigLayer.CLIENT_OVERRIDE)));

    assertThat(registry.decode(registry.typeNameOf(request), registry.encode(request)))
        .isEqualTo(request);
    assertThat(registry.decode(registry.typeNameOf(result), registry.encode(result)))
        .isEqualTo(result);
    assertThat(registry.typeNameOf(result)).isEqualTo("hyperactor.agent.ConfigDumpResult");
  }

  @Test
  void cpuProfileRequestAndEveryOutcomeRoundTrip() {
    ProcId procId = new ProcId(ChannelAddr.any(ChannelTransport.LOCAL), "proc");
    CpuProfile request =
        new CpuProfile(
            Duration.ofSeconds(5), new OncePortRef<>(procId.actorId("client").portId(9)));
    byte[] recording = {'F', 'L', 'R', 0, 1, 2, (byte) 0xff};
    CpuProfileResult.Ok ok = new CpuProfileResult.Ok(77, recording, Duration.ofSeconds(5));
    CpuProfileResult.Rejected rejected = new CpuProfileResult.Rejected("too short");
    CpuProfileResult.Failed failed = new CpuProfileResult.Failed(77, "too large");

    assertThat(registry.decode(registry.typeNameOf(request), registry.encode(request)))
        .isEqualTo(request);
    CpuProfileResult.Ok decoded =
        (CpuProfileResult.Ok) registry.decode(registry.typeNameOf(ok), registry.encode(ok));
    assertThat(decoded.pid()).isEqualTo(77);
    assertThat(decoded.recording()).isEqualTo(recording);
    assertThat(decoded.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(registry.decode(registry.typeNameOf(rejected), registry.encode(rejected)))
        .isEqualTo(rejected);
    assertThat(registry.decode(registry.typeNameOf(failed), registry.encode(failed)))
        .isEqualTo(failed);
  }

  @Test
  void builtinsAloneDoNotKnowTheAgentTypes() {
    assertThat(CodecRegistry.builtins().isKnown("hyperactor.agent.ThreadDumpResult")).isFalse();
    assertThat(registry.isKnown("hyperactor.agent.ThreadStack")).isTrue();
  }
}
