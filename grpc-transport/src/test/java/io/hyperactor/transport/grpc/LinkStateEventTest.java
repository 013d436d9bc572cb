package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.channel.LinkStates;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A link's connects, disconnects and close show up as JFR events. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LinkStateEventTest {
  private final HyperactorConfig config = HyperactorConfig.defaultsOnly();

  @Test
  void linkStateChangesAreRecorded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("links.jfr");
    String channel;
    try (Recording recording = new Recording()) {
      recording.enable(LinkStates.EVENT_NAME);
      recording.start();
      try (FakeLinkServer server = new FakeLinkServer()) {
        channel = server.addr().toString();
        Tx<String> tx =
            new GrpcChannelProvider(config).dial(server.addr(), ChannelCodec.utf8(), e -> {});
        var acked = tx.send("m0");
        FakeLinkServer.Call first = server.nextCall();
        assertThat(first.messages(1)).containsExactly("0=m0");
        first.respond(RawLink.ack(1));
        acked.get(30, SECONDS);
        first.fail();
        var second = tx.send("m1");
        FakeLinkServer.Call next = server.nextCall();
        assertThat(next.messages(1)).containsExactly("1=m1");
        next.respond(RawLink.ack(2));
        second.get(30, SECONDS);
        tx.close();
        tx.whenClosed().get(30, SECONDS);
      }
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals(LinkStates.EVENT_NAME))
            .filter(e -> e.getString("channel").contains(channel))
            .sorted(Comparator.comparing(RecordedEvent::getStartTime))
            .toList();
    List<String> transitions =
        events.stream().map(e -> e.getString("oldState") + "->" + e.getString("newState")).toList();
    assertThat(transitions.subList(0, 3))
        .containsExactly("connecting->connected", "connected->disconnected", "disconnected->connected")
        .inOrder();
    // A graceful close half-closes the call and waits for the receiver's answer; whether the
    // call's end is recorded before the link's close depends on which thread gets there first,
    // so the link ends closed either through disconnected or straight from connected.
    List<String> ending = transitions.subList(3, transitions.size());
    assertThat(ending)
        .isAnyOf(
            List.of("connected->disconnected", "disconnected->closed"), List.of("connected->closed"));
    assertThat(events.getLast().getString("reason")).isEqualTo("sender closed");
  }
}
