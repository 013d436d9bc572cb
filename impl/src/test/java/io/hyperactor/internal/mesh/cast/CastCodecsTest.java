package io.hyperactor.internal.mesh.cast;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.MessageCodecs;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.routing.RoutingFrame;
import io.hyperactor.ref.ActorRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import io.hyperactor.runtime.ActorSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The comm actor's messages survive the codec registry every actor system has. */
class CastCodecsTest {
  record Payload(String text, Rank rank, PortRef<Long> reply) {}

  private static final ProcId PROC = new ProcId(new ChannelAddr.Local(3), "codec");

  private static Object roundTrip(MessageCodecs codecs, Object value) {
    return codecs.decode(codecs.typeNameOf(value), codecs.encode(value));
  }

  @Test
  void commMessagesRoundTrip() {
    try (ActorSystem system =
        ActorSystem.builder()
            .name("codec-test")
            .codecs(c -> c.record("test.Payload", Payload.class))
            .build()) {
      MessageCodecs codecs = system.codecs();
      CommMeshConfig config =
          new CommMeshConfig(
              1,
              ImmutableMap.of(
                  0, ActorRef.attest(PROC.actorId("comm")), 1, ActorRef.attest(PROC.actorId("comm"))));
      assertThat(roundTrip(codecs, config)).isEqualTo(config);

      Region region = Extent.of("hosts", 2, "gpus", 4).region().range("gpus", Range.of(2, 4));
      CastMessageV1 cast =
          new CastMessageV1(
              ImmutableMap.of("h", "v"),
              PROC.actorId("client"),
              UUID.randomUUID(),
              ImmutableList.of(1L, 2L, 3L, 4L),
              ImmutableMap.of(2, 1L),
              region,
              "actor-x",
              new Payload("hi", Rank.unbound(), new PortRef<>(PROC.actorId("client").portId(1030))));
      assertThat(roundTrip(codecs, cast)).isEqualTo(cast);

      Selection selection = Selection.parse("*, 1:4 | 0, ? & *, 2:");
      List<RoutingFrame> frames = new ArrayList<>();
      RoutingFrame root = RoutingFrame.root(selection, region.slice());
      frames.add(root);
      frames.addAll(root.nextSteps());
      ForwardMessageV1 forward = new ForwardMessageV1(FrameWire.of(frames), cast);
      ForwardMessageV1 decoded = (ForwardMessageV1) roundTrip(codecs, forward);
      assertThat(decoded).isEqualTo(forward);
      List<RoutingFrame> back = new ArrayList<>();
      for (FrameWire w : decoded.dests()) {
        back.add(w.toFrame());
      }
      assertThat(back).isEqualTo(frames);
    }
  }

  @Test
  void theCommActorIsSpawnableInEverySystem() {
    try (ActorSystem system = ActorSystem.builder().name("codec-test").build()) {
      assertThat(system.spawnableTypes()).contains(CastCodecs.COMM_ACTOR.typeName());
    }
  }
}
