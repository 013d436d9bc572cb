package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sequencer's counter table: one sequence per destination however many there are. */
class SequencerTest {
  private final ProcId procId = new ProcId(new ChannelAddr.Local(0), "seq");

  @Test
  void eachOfManyDestinationsCountsFromOne() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    int destinations = 5_000;
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < destinations; i++) {
        // Fresh but equal ids each time: a destination is found by equality, not identity.
        PortId dest = procId.actorId("a").childId(i).portId(PortId.HANDLER_INDEX);
        SeqInfo.Session seq = (SeqInfo.Session) sequencer.assign(dest);
        assertThat(seq.sessionId()).isEqualTo(sequencer.session());
        assertThat(seq.seq()).isEqualTo(round);
      }
    }
  }

  @Test
  void dynamicPortsOfOneActorHaveTheirOwnSequences() {
    Sequencer sequencer = new Sequencer(UUID.randomUUID());
    ActorId actor = procId.actorId("b");
    for (int round = 1; round <= 2; round++) {
      long first = PortId.FIRST_DYNAMIC_INDEX;
      for (long index = first; index < first + 100; index++) {
        assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(index))).seq())
            .isEqualTo(round);
      }
      // The well-known ports share the actor's sequence.
      assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(PortId.SIGNAL_INDEX))).seq())
          .isEqualTo(2 * round - 1);
      assertThat(((SeqInfo.Session) sequencer.assign(actor.portId(PortId.HANDLER_INDEX))).seq())
          .isEqualTo(2 * round);
    }
  }
}
