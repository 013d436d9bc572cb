package io.hyperactor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Selection;
import io.hyperactor.mesh.Slice;
import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.routing.RoutingDecision;
import io.hyperactor.mesh.routing.RoutingFrame;
import io.hyperactor.resource.RankedValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records whose components are {@code java.util} collections keep an immutable copy of what they
 * are given, in its order, and refuse null elements.
 */
class ImmutableComponentsTest {
  private static final ActorId ACTOR = new ProcId(new ChannelAddr.Local(1), "p").actorId("a");

  @Test
  void envelopeHeadersAreCopiedInTheirOrder() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("z", "1");
    headers.put("a", "2");
    MessageEnvelope envelope =
        new MessageEnvelope(ACTOR, ACTOR.portId(0), headers, "payload", SeqInfo.DIRECT, 1, true);
    headers.put("late", "3");

    assertThat(envelope.headers().keySet()).containsExactly("z", "a").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> envelope.headers().put("x", "y"));
  }

  @Test
  void recordedEventFieldsAndSpansAreCopied() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("message", "hi");
    fields.put("at", "now");
    List<String> spans = new ArrayList<>(List.of("outer", "inner"));
    RecordedEvent event = new RecordedEvent(Instant.EPOCH, fields, spans);
    fields.clear();
    spans.clear();

    assertThat(event.fields().keySet()).containsExactly("message", "at").inOrder();
    assertThat(event.spans()).containsExactly("outer", "inner").inOrder();
    assertThrows(UnsupportedOperationException.class, () -> event.spans().add("more"));
  }

  @Test
  void destroyResultRefusesNullIds() {
    assertThrows(
        NullPointerException.class,
        () -> new DestroyResult(Arrays.asList(ACTOR, null), List.of()));
  }

  @Test
  void nestedListsAreCopiedToo() {
    RoutingFrame frame = RoutingFrame.root(Selection.all(), Slice.rowMajor(2));
    List<RoutingFrame> frames = new ArrayList<>(List.of(frame));
    Map<Integer, List<RoutingFrame>> forwards = new LinkedHashMap<>();
    forwards.put(1, frames);
    RoutingDecision decision = new RoutingDecision(false, forwards);
    frames.add(frame);

    assertThat(decision.forwards().get(1)).hasSize(1);
    assertThrows(
        UnsupportedOperationException.class, () -> decision.forwards().get(1).add(frame));

    List<ValueOverlay.Run<String>> runs =
        new ArrayList<>(List.of(new ValueOverlay.Run<>(0, 2, "a")));
    RankedValues.ValuesByRank<String> byRank =
        new RankedValues.ValuesByRank<>(new LinkedHashMap<>(Map.of("a", runs)));
    runs.clear();

    assertThat(byRank.runs().get("a")).hasSize(1);
    assertThrows(UnsupportedOperationException.class, () -> byRank.runs().get("a").clear());
  }
}
