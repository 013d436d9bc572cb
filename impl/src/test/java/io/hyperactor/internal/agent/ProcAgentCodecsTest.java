package io.hyperactor.internal.agent;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.ref.OncePortRef;
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
  void builtinsAloneDoNotKnowTheAgentTypes() {
    assertThat(CodecRegistry.builtins().isKnown("hyperactor.agent.ThreadDumpResult")).isFalse();
    assertThat(registry.isKnown("hyperactor.agent.ThreadStack")).isTrue();
  }
}
