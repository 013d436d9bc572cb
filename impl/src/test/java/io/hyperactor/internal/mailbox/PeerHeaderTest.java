package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.id.ProcId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receiver, not the sender, decides the identity header of a received envelope. */
class PeerHeaderTest {
  private static final ProcId PROC = new ProcId(ChannelAddr.parse("local:1"), "p");

  private static MessageEnvelope envelope(Map<String, String> headers) {
    return new MessageEnvelope(
        PROC.actorId("a"), PROC.actorId("b").portId(0), headers, "hi", SeqInfo.DIRECT, 8, true);
  }

  @Test
  void aPlaintextReceiverDropsTheSendersClaim() {
    MessageEnvelope received =
        PeerHeader.stripped(envelope(ImmutableMap.of(PeerHeader.NAME, "CN=admin", "k", "v")));
    assertThat(received.headers()).containsExactly("k", "v");
  }

  @Test
  void anAuthenticatedPeerIsRecordedInPlaceOfTheSendersClaim() {
    MessageEnvelope received =
        PeerHeader.received(
            envelope(ImmutableMap.of(PeerHeader.NAME, "CN=admin")),
            new ChannelPeer.Authenticated("CN=eve", false));
    assertThat(received.headers()).containsExactly(PeerHeader.NAME, "CN=eve");
  }

  @Test
  void anUnauthenticatedPeerIsMarkedAsSuch() {
    MessageEnvelope received =
        PeerHeader.received(
            envelope(ImmutableMap.of(PeerHeader.NAME, "CN=admin")), ChannelPeer.unauthenticated());
    assertThat(received.headers()).containsExactly(PeerHeader.NAME, PeerHeader.UNAUTHENTICATED);
  }

  @Test
  void aRelayPassesOnTheIdentityItsReceiverEstablished() {
    ChannelPeer host = new ChannelPeer.Authenticated("CN=host", true);
    // A host forwarding a client's message keeps the client's identity...
    assertThat(
            PeerHeader.received(envelope(ImmutableMap.of(PeerHeader.NAME, "CN=client")), host)
                .headers())
        .containsExactly(PeerHeader.NAME, "CN=client");
    // ...and one of its own messages is its own.
    assertThat(PeerHeader.received(envelope(ImmutableMap.of()), host).headers())
        .containsExactly(PeerHeader.NAME, "CN=host");
  }
}
