package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A returned message restarts its destination's sequence in a new epoch, once per epoch. */
class SequencerEpochTest {
  private final ProcId procId = new ProcId(new ChannelAddr.Local(0), "epochs");
  private final Sequencer sequencer = new Sequencer(UUID.randomUUID());

  private SeqInfo.Session assign(PortId dest) {
    return (SeqInfo.Session) sequencer.assign(dest);
  }

  @Test
  void aReturnedMessageStartsANewEpochForItsDestinationOnly() {
    PortId b = procId.actorId("b").portId(PortId.HANDLER_INDEX);
    PortId c = procId.actorId("c").portId(PortId.HANDLER_INDEX);
    SeqInfo.Session b1 = assign(b);
    SeqInfo.Session b2 = assign(b);
    assertThat(assign(c)).isEqualTo(new SeqInfo.Session(sequencer.session(), 1, 0));
    assertThat(sequencer.returned(b, b1)).isTrue();
    assertThat(assign(b)).isEqualTo(new SeqInfo.Session(sequencer.session(), 1, 1));
    // The rest of the old epoch coming back changes nothing more.
    assertThat(sequencer.returned(b, b2)).isFalse();
    assertThat(assign(b)).isEqualTo(new SeqInfo.Session(sequencer.session(), 2, 1));
    assertThat(assign(c)).isEqualTo(new SeqInfo.Session(sequencer.session(), 2, 0));
  }

  @Test
  void returnsOfOtherSessionsOrUnknownDestinationsChangeNothing() {
    ActorId b = procId.actorId("b");
    PortId port = b.portId(PortId.HANDLER_INDEX);
    SeqInfo.Session first = assign(port);
    assertThat(sequencer.returned(port, new SeqInfo.Session(UUID.randomUUID(), 1, 0))).isFalse();
    assertThat(
            sequencer.returned(
                procId.actorId("never").portId(PortId.HANDLER_INDEX), first))
        .isFalse();
    assertThat(assign(port)).isEqualTo(new SeqInfo.Session(sequencer.session(), 2, 0));
  }

  @Test
  void aReturnToAWellKnownPortRestartsTheActorsSharedSequence() {
    ActorId b = procId.actorId("b");
    SeqInfo.Session first = assign(b.portId(PortId.HANDLER_INDEX));
    assertThat(sequencer.returned(b.portId(PortId.UNDELIVERABLE_INDEX), first)).isTrue();
    assertThat(assign(b.portId(PortId.HANDLER_INDEX)).epoch()).isEqualTo(1);
  }
}
